import type { Actions, PageServerLoad } from './$types';
import {
  maskEmail,
  setFollowupEmail,
  userOfUnsubscribeLink,
} from '#lib/server/account/followup.ts';
import { getDb } from '#lib/server/db.ts';
import { pageAction, pageLoad } from '#lib/server/http/page.ts';

// The link in follow-up emails: works without logging in (the signed token is the proof).
// GET asks for confirmation (mail scanners open links); POST unsubscribes, also as the one-click
// POST mail clients send (RFC 8058, `List-Unsubscribe-Post`).

export const load: PageServerLoad = ({ url }) =>
  pageLoad(async () => {
    const user = await userOfUnsubscribeLink(getDb(), url.searchParams.get('token'));
    return { email: maskEmail(user.email) };
  });

export const actions: Actions = {
  default: ({ url }) =>
    pageAction(async () => {
      const db = getDb();
      const user = await userOfUnsubscribeLink(db, url.searchParams.get('token'));
      await setFollowupEmail(db, user.id, false);
      return { unsubscribed: true };
    }),
};

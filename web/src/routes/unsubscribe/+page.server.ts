import type { Actions, PageServerLoad } from './$types';
import { maskEmail, unsubscribe, unsubscribeLink } from '#lib/server/account/index.ts';
import { getDb } from '#lib/server/db.ts';
import { pageAction, pageLoad } from '#lib/server/http/page.ts';

// The link in Parley's emails (follow-up after meetings, action-item reminders): works without logging in (the signed token is the proof).
// GET asks for confirmation (mail scanners open links); POST unsubscribes, also as the one-click
// POST mail clients send (RFC 8058, `List-Unsubscribe-Post`).

export const load: PageServerLoad = ({ url }) =>
  pageLoad(async () => {
    const link = await unsubscribeLink(getDb(), url.searchParams.get('token'));
    return { email: maskEmail(link.email), list: link.list };
  });

export const actions: Actions = {
  default: ({ url }) =>
    pageAction(async () => {
      const db = getDb();
      await unsubscribe(db, await unsubscribeLink(db, url.searchParams.get('token')));
      return { unsubscribed: true };
    }),
};

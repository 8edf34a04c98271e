import type { Actions, PageServerLoad } from './$types';
import { getDb } from '#lib/server/db.ts';
import { pageAction, pageLoad } from '#lib/server/http/page.ts';
import { itemOfDoneLink, markDoneByLink, type DoneLinkItem } from '#lib/server/subjects/index.ts';

// The "Mark done" link of an action-item reminder: works without logging in (the signed token
// is the proof). GET asks for confirmation (mail scanners open links); POST marks it done.

const view = ({ item }: DoneLinkItem) => ({
  text: item.text,
  meetingTitle: item.meeting_title,
  meetingId: item.meeting_id,
  startMs: item.start_ms,
  due: item.due_date,
  done: item.status === 'done',
});

export const load: PageServerLoad = ({ url }) =>
  pageLoad(async () => view(await itemOfDoneLink(getDb(), url.searchParams.get('token'))));

export const actions: Actions = {
  default: ({ url }) =>
    pageAction(async () => ({
      marked: view(await markDoneByLink(getDb(), url.searchParams.get('token'))),
    })),
};

import { error, redirect } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { getDb } from '#lib/server/db.ts';
import { MEETING_TYPE_LABELS, getMeetingFor, toApiMeeting } from '#lib/server/meetings/index.ts';

export const load: PageServerLoad = async ({ locals, params, url }) => {
  const user = locals.user;
  if (!user) redirect(303, `/login?next=${encodeURIComponent(url.pathname)}`);
  const meeting = await getMeetingFor(getDb(), user.id, params.id);
  if (!meeting) error(404, 'Meeting not found.');
  return { meeting: toApiMeeting(meeting), typeLabel: MEETING_TYPE_LABELS[meeting.type] };
};

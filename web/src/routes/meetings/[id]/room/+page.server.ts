import { error, redirect } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { getDb } from '#lib/server/db.ts';
import { getMeetingFor } from '#lib/server/meetings/index.ts';

export const load: PageServerLoad = async ({ locals, params, url }) => {
  const user = locals.user;
  if (!user) redirect(303, `/login?next=${encodeURIComponent(url.pathname)}`);
  const meeting = await getMeetingFor(getDb(), user.id, params.id);
  if (!meeting) error(404, 'Meeting not found.');
  return {
    meeting: { id: meeting.id, title: meeting.title },
    me: { id: user.id, name: user.name },
  };
};

import type { RequestHandler } from './$types';
import { authorizeMeeting } from '#lib/server/authz/index.ts';
import { meetingInvite } from '#lib/server/calendar/index.ts';
import { getDb } from '#lib/server/db.ts';
import { apiHandler } from '#lib/server/http/index.ts';

/** The meeting as a calendar invite (.ics) with its join link (anyone who may read it). */
export const GET: RequestHandler = apiHandler(async ({ locals, params, url }) => {
  const access = await authorizeMeeting(getDb(), locals.principal, params.id, 'read');
  const m = access.meeting;
  const body = meetingInvite(m, `${url.origin}/meetings/${m.id}/room`, url.hostname);
  return new Response(body, {
    headers: {
      'content-type': 'text/calendar; charset=utf-8',
      'content-disposition': `attachment; filename="meeting-${m.id}.ics"`,
      'cache-control': 'private, no-store',
    },
  });
});

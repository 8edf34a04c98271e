import type { RequestHandler } from './$types';
import { authorizeMeeting } from '#lib/server/authz/index.ts';
import { getDb } from '#lib/server/db.ts';
import { apiHandler, jsonResponse } from '#lib/server/http/index.ts';
import { endMeeting, toApiMeeting } from '#lib/server/meetings/index.ts';
import { findMeetingById } from '@parley/db';

/** Ends the meeting for everyone: the LiveKit room is deleted and the status becomes ended. */
export const POST: RequestHandler = apiHandler(async ({ locals, params }) => {
  const db = getDb();
  const access = await authorizeMeeting(db, locals.principal, params.id, 'end');
  await endMeeting(db, access);
  const meeting = await findMeetingById(db, access.meeting.id);
  return jsonResponse({ meeting: meeting ? toApiMeeting(meeting) : null });
});

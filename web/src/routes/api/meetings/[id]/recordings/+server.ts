import type { RequestHandler } from './$types';
import { authorizeMeeting, can } from '#lib/server/authz/index.ts';
import { config } from '#lib/server/config.ts';
import { getDb } from '#lib/server/db.ts';
import { apiHandler, jsonResponse } from '#lib/server/http/index.ts';
import { meetingRecordings } from '#lib/server/recording/index.ts';

/**
 * The meeting's recordings with their status (members of the meeting's team and its owner;
 * guests and strangers get 404), whether the host allows recording, and whether the caller may
 * change that.
 */
export const GET: RequestHandler = apiHandler(async ({ locals, params }) => {
  const db = getDb();
  const access = await authorizeMeeting(db, locals.principal, params.id, 'read');
  return jsonResponse({
    recordings: await meetingRecordings(db, access.meeting),
    recordingAllowed: access.meeting.recording_allowed,
    canManage: can(access, 'update'),
    mode: config().recordingMode,
  });
});

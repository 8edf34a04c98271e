import type { RequestHandler } from './$types';
import { authorizeMeeting } from '#lib/server/authz/index.ts';
import { getDb } from '#lib/server/db.ts';
import { apiHandler, jsonResponse } from '#lib/server/http/index.ts';
import { attendanceFor } from '#lib/server/meetings/index.ts';

/** Who attended and for how long (from LiveKit's participant webhooks). */
export const GET: RequestHandler = apiHandler(async ({ locals, params }) => {
  const db = getDb();
  const access = await authorizeMeeting(db, locals.principal, params.id, 'view_attendance');
  return jsonResponse({ items: await attendanceFor(db, access.meeting.id) });
});

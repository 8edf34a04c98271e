import type { RequestHandler } from './$types';
import { authorizeMeeting } from '#lib/server/authz/index.ts';
import { getDb } from '#lib/server/db.ts';
import { apiHandler, jsonResponse, readJson } from '#lib/server/http/index.ts';
import { recordingSettingsSchema, setMeetingRecording } from '#lib/server/recording/index.ts';
import { getRedis } from '#lib/server/redis.ts';

/**
 * The host's recording switch (`{allowed}`; owner and team admins, others 403/404). On a live
 * meeting it acts at once: the egress starts/stops; the agent follows within seconds and every
 * participant sees the indicator.
 */
export const PUT: RequestHandler = apiHandler(async ({ locals, params, request }) => {
  const db = getDb();
  const { allowed } = await readJson(request, recordingSettingsSchema);
  const access = await authorizeMeeting(db, locals.principal, params.id, 'update');
  return jsonResponse(await setMeetingRecording(db, getRedis(), access.meeting, allowed));
});

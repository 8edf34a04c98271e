import type { RequestHandler } from './$types';
import { authorizeMeeting } from '#lib/server/authz/index.ts';
import { getDb } from '#lib/server/db.ts';
import { ApiError, apiHandler, jsonResponse } from '#lib/server/http/index.ts';
import { hasObjectStore, recordingUrls } from '#lib/server/recording/index.ts';

/**
 * Short-lived presigned URLs of a completed recording: `playUrl` (for an audio element; range
 * requests work) and `downloadUrl` (Content-Disposition: attachment), valid `expiresInSeconds`
 * (RECORDING_URL_TTL_SECONDS, at most 15 min). Members only; 404 for anyone else or another
 * meeting's recording, 409 while it is not completed.
 */
export const GET: RequestHandler = apiHandler(async ({ locals, params }) => {
  const db = getDb();
  const access = await authorizeMeeting(db, locals.principal, params.id, 'read');
  if (!hasObjectStore()) throw new ApiError(404, 'not_found', 'Recording not found.');
  return jsonResponse(await recordingUrls(db, access.meeting, params.recordingId));
});

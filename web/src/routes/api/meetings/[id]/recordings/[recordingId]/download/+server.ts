import type { RequestHandler } from './$types';
import { authorizeMeeting } from '#lib/server/authz/index.ts';
import { getDb } from '#lib/server/db.ts';
import { ApiError, apiHandler } from '#lib/server/http/index.ts';
import { hasObjectStore, recordingUrls } from '#lib/server/recording/index.ts';

/** Redirects (303) to a fresh presigned download URL, so a plain link downloads the file. */
export const GET: RequestHandler = apiHandler(async ({ locals, params }) => {
  const db = getDb();
  const access = await authorizeMeeting(db, locals.principal, params.id, 'read');
  if (!hasObjectStore()) throw new ApiError(404, 'not_found', 'Recording not found.');
  const { downloadUrl } = await recordingUrls(db, access.meeting, params.recordingId);
  return new Response(null, {
    status: 303,
    headers: { location: downloadUrl, 'cache-control': 'no-store' },
  });
});

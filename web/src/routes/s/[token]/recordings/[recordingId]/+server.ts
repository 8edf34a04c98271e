import type { RequestHandler } from './$types';
import { getDb } from '#lib/server/db.ts';
import { apiHandler } from '#lib/server/http/index.ts';
import { SHARE_HEADERS, sharedRecordingUrl } from '#lib/server/shares/index.ts';

/**
 * A shared recording: a redirect to a fresh short-lived URL on each request, so a page left
 * open keeps playing and seeking; 404 once the link is revoked, expired or leaves it out.
 */
export const GET: RequestHandler = apiHandler(async ({ params, cookies }) => {
  const location = await sharedRecordingUrl(getDb(), params.token, params.recordingId, cookies);
  return new Response(null, { status: 302, headers: { ...SHARE_HEADERS, location } });
});

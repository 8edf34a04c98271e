import type { RequestHandler } from './$types';
import { getDb } from '#lib/server/db.ts';
import { apiHandler, jsonResponse } from '#lib/server/http/index.ts';
import { SHARE_HEADERS, sharedMeetingView } from '#lib/server/shares/index.ts';

/**
 * What a share link shows, for anyone holding it (no account); 404 once revoked or expired; 401
 * `share_locked` for a link with a password until it was given (`POST …/unlock`).
 */
export const GET: RequestHandler = apiHandler(async ({ params, cookies }) =>
  jsonResponse(await sharedMeetingView(getDb(), params.token, cookies), 200, SHARE_HEADERS),
);

import type { RequestHandler } from './$types';
import { getDb } from '#lib/server/db.ts';
import { apiHandler, jsonResponse } from '#lib/server/http/index.ts';
import { SHARE_HEADERS, sharedMeetingView } from '#lib/server/shares/index.ts';

/** What a share link shows, for anyone holding it (no account); 404 once revoked or expired. */
export const GET: RequestHandler = apiHandler(async ({ params }) =>
  jsonResponse(await sharedMeetingView(getDb(), params.token), 200, SHARE_HEADERS),
);

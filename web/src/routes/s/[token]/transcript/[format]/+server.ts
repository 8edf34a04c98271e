import type { RequestHandler } from './$types';
import { getDb } from '#lib/server/db.ts';
import { apiHandler } from '#lib/server/http/index.ts';
import { transcriptFileResponse } from '#lib/server/recording/index.ts';
import { SHARE_HEADERS, sharedTranscriptMeeting } from '#lib/server/shares/index.ts';

/** A shared transcript as a file (txt, vtt, srt, md); 404 unless the link includes it. */
export const GET: RequestHandler = apiHandler(async ({ params, cookies }) => {
  const db = getDb();
  const meeting = await sharedTranscriptMeeting(db, params.token, cookies);
  const res = await transcriptFileResponse(db, meeting, params.format);
  for (const [name, value] of Object.entries(SHARE_HEADERS)) res.headers.set(name, value);
  return res;
});

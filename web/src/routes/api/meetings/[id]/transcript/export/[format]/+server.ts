import type { RequestHandler } from './$types';
import { authorizeMeeting } from '#lib/server/authz/index.ts';
import { getDb } from '#lib/server/db.ts';
import { apiHandler } from '#lib/server/http/index.ts';
import { transcriptFileResponse } from '#lib/server/recording/index.ts';

/**
 * The transcript as a file: `/transcript/export/txt|vtt|srt|md`, sent as an attachment.
 * Members only (404 for anyone else); 422 naming `format` for an unknown one.
 */
export const GET: RequestHandler = apiHandler(async ({ locals, params }) => {
  const db = getDb();
  const access = await authorizeMeeting(db, locals.principal, params.id, 'read');
  return transcriptFileResponse(db, access.meeting, params.format);
});

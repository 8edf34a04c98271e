import type { RequestHandler } from './$types';
import { requireUser } from '#lib/server/authz/index.ts';
import { getDb } from '#lib/server/db.ts';
import { apiHandler, jsonResponse } from '#lib/server/http/index.ts';
import { importIntoNewMeeting } from '#lib/server/imports/index.ts';

/**
 * A new meeting from a recording: the body is the file itself (any Content-Type; the type is
 * sniffed from its bytes), `?title=&teamId=&speakers=Ada,Bob` (names per channel). 202: the
 * meeting and its import, transcribed in the background (`GET /api/meetings/{id}/import`).
 */
export const POST: RequestHandler = apiHandler(async ({ locals, request, url }) => {
  const p = requireUser(locals.principal);
  const r = await importIntoNewMeeting(getDb(), p, request, url);
  return jsonResponse(r, 202, { location: `/api/meetings/${r.meeting.id}/import` });
});

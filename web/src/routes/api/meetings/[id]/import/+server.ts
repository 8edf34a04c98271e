import type { RequestHandler } from './$types';
import { findImport } from '@parley/db';
import { authorizeMeeting, requireUser } from '#lib/server/authz/index.ts';
import { getDb } from '#lib/server/db.ts';
import { ApiError, apiHandler, jsonResponse } from '#lib/server/http/index.ts';
import { importIntoMeeting, toApiImport } from '#lib/server/imports/index.ts';

/** The meeting's imported recording and its progress (percent, ETA) or failure. */
export const GET: RequestHandler = apiHandler(async ({ locals, params }) => {
  const db = getDb();
  const access = await authorizeMeeting(db, locals.principal, params.id, 'read');
  const row = await findImport(db, access.meeting.id);
  if (!row) throw new ApiError(404, 'not_found', 'This meeting has no imported recording.');
  return jsonResponse({ import: toApiImport(row) });
});

/** Attaches a recording (the body) to an ended meeting without a transcript (hosts). */
export const POST: RequestHandler = apiHandler(async ({ locals, params, request, url }) => {
  const db = getDb();
  const p = requireUser(locals.principal);
  const access = await authorizeMeeting(db, locals.principal, params.id, 'update');
  const imp = await importIntoMeeting(db, p, access.meeting, request, url);
  return jsonResponse({ import: imp }, 202);
});

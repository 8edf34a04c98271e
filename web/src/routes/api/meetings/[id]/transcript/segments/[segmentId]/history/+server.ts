import type { RequestHandler } from './$types';
import { authorizeMeeting } from '#lib/server/authz/index.ts';
import { getDb } from '#lib/server/db.ts';
import { apiHandler, jsonResponse } from '#lib/server/http/index.ts';
import { historyFor } from '#lib/server/transcript/index.ts';

/** A line's edits, newest first: who, when, kind, before and after (members who may read). */
export const GET: RequestHandler = apiHandler(async ({ locals, params }) => {
  const db = getDb();
  const access = await authorizeMeeting(db, locals.principal, params.id, 'read');
  return jsonResponse({ edits: await historyFor(db, access, params.segmentId) });
});

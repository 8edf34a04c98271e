import type { RequestHandler } from './$types';
import { authorizeMeeting } from '#lib/server/authz/index.ts';
import { getDb } from '#lib/server/db.ts';
import { apiHandler, jsonResponse } from '#lib/server/http/index.ts';
import { briefFor } from '#lib/server/subjects/index.ts';

/** What happened last time with the meeting's subject (members only; null without a subject). */
export const GET: RequestHandler = apiHandler(async ({ locals, params }) => {
  const db = getDb();
  const access = await authorizeMeeting(db, locals.principal, params.id, 'read');
  return jsonResponse({ brief: await briefFor(db, access) });
});

import type { RequestHandler } from './$types';
import { authorizeMeeting, requireUser } from '#lib/server/authz/index.ts';
import { getDb } from '#lib/server/db.ts';
import {
  createHighlightSchema,
  highlightsFor,
  markHighlight,
} from '#lib/server/highlights/index.ts';
import { apiHandler, jsonResponse, readJson } from '#lib/server/http/index.ts';

/** The meeting's highlights in timeline order (anyone who may read the meeting). */
export const GET: RequestHandler = apiHandler(async ({ locals, params }) => {
  const db = getDb();
  const access = await authorizeMeeting(db, locals.principal, params.id, 'read');
  const { user } = requireUser(locals.principal);
  return jsonResponse({ items: await highlightsFor(db, access, user.id) });
});

/** Marks a moment (`atMs` on the meeting's timeline, an optional `note`). */
export const POST: RequestHandler = apiHandler(async ({ locals, params, request }) => {
  const db = getDb();
  const access = await authorizeMeeting(db, locals.principal, params.id, 'read');
  const input = await readJson(request, createHighlightSchema);
  const { user } = requireUser(locals.principal);
  return jsonResponse({ highlight: await markHighlight(db, access, user, input) }, 201);
});

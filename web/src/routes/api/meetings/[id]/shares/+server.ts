import type { RequestHandler } from './$types';
import { authorizeMeeting, requireUser } from '#lib/server/authz/index.ts';
import { getDb } from '#lib/server/db.ts';
import { apiHandler, jsonResponse, readOptionalJson } from '#lib/server/http/index.ts';
import { createShareFor, createShareSchema, listSharesFor } from '#lib/server/shares/index.ts';

/** The meeting's read-only share links (hosts), newest first; no secrets. */
export const GET: RequestHandler = apiHandler(async ({ locals, params }) => {
  const db = getDb();
  const access = await authorizeMeeting(db, locals.principal, params.id, 'share');
  return jsonResponse({ items: await listSharesFor(db, access.meeting.id) });
});

/** A new share link (hosts); the secret is in this response only. */
export const POST: RequestHandler = apiHandler(async ({ locals, params, request, url }) => {
  const db = getDb();
  const access = await authorizeMeeting(db, locals.principal, params.id, 'share');
  const input = await readOptionalJson(request, createShareSchema);
  const { user } = requireUser(locals.principal);
  const r = await createShareFor(db, access.meeting.id, user, input);
  return jsonResponse({ ...r, url: url.origin + r.path }, 201);
});

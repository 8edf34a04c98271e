import type { RequestHandler } from './$types';
import { authorizeMeeting } from '#lib/server/authz/index.ts';
import { getDb } from '#lib/server/db.ts';
import { apiHandler, jsonResponse, readJson } from '#lib/server/http/index.ts';
import { revokeShareFor, updateShareFor, updateShareSchema } from '#lib/server/shares/index.ts';

/** A new lifetime (from now) and or a new password or none (hosts); the link as it now stands. */
export const PATCH: RequestHandler = apiHandler(async ({ locals, params, request }) => {
  const db = getDb();
  const access = await authorizeMeeting(db, locals.principal, params.id, 'share');
  const input = await readJson(request, updateShareSchema);
  return jsonResponse({
    share: await updateShareFor(db, access.meeting.id, params.shareId, input),
  });
});

/** Revokes a share link (idempotent); the next visit of it is a 404 on every web process. */
export const DELETE: RequestHandler = apiHandler(async ({ locals, params }) => {
  const db = getDb();
  const access = await authorizeMeeting(db, locals.principal, params.id, 'share');
  await revokeShareFor(db, access.meeting.id, params.shareId);
  return new Response(null, { status: 204 });
});

import type { RequestHandler } from './$types';
import { authorizeMeeting } from '#lib/server/authz/index.ts';
import { getDb } from '#lib/server/db.ts';
import { apiHandler } from '#lib/server/http/index.ts';
import { revokeShareFor } from '#lib/server/shares/index.ts';

/** Revokes a share link (idempotent); the next visit of it is a 404 on every web process. */
export const DELETE: RequestHandler = apiHandler(async ({ locals, params }) => {
  const db = getDb();
  const access = await authorizeMeeting(db, locals.principal, params.id, 'share');
  await revokeShareFor(db, access.meeting.id, params.shareId);
  return new Response(null, { status: 204 });
});

import type { RequestHandler } from './$types';
import { authorizeMeeting, requireUser } from '#lib/server/authz/index.ts';
import { getDb } from '#lib/server/db.ts';
import { removeHighlight } from '#lib/server/highlights/index.ts';
import { apiHandler } from '#lib/server/http/index.ts';

/** Deletes a highlight: one's own, or any as a host. */
export const DELETE: RequestHandler = apiHandler(async ({ locals, params }) => {
  const db = getDb();
  const access = await authorizeMeeting(db, locals.principal, params.id, 'read');
  await removeHighlight(db, access, requireUser(locals.principal).user.id, params.highlightId);
  return new Response(null, { status: 204 });
});

import type { RequestHandler } from './$types';
import { requireUser } from '#lib/server/authz/index.ts';
import { unsubscribe } from '#lib/server/calendar/index.ts';
import { getDb } from '#lib/server/db.ts';
import { apiHandler } from '#lib/server/http/index.ts';

/** Stops following the feed (its meetings stay). */
export const DELETE: RequestHandler = apiHandler(async ({ locals, params }) => {
  const p = requireUser(locals.principal);
  await unsubscribe(getDb(), p.user.id, params.id);
  return new Response(null, { status: 204 });
});

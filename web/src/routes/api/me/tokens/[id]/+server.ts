import type { RequestHandler } from './$types';
import { revokePersonalToken } from '#lib/server/auth/index.ts';
import { requireUser } from '#lib/server/authz/index.ts';
import { getDb } from '#lib/server/db.ts';
import { ApiError, apiHandler } from '#lib/server/http/index.ts';
import { isUuid } from '#lib/server/meetings/index.ts';

/** Revokes one of the caller's tokens (idempotent). */
export const DELETE: RequestHandler = apiHandler(async ({ locals, params }) => {
  const p = requireUser(locals.principal);
  if (!isUuid(params.id) || !(await revokePersonalToken(getDb(), p.user.id, params.id))) {
    throw new ApiError(404, 'not_found', 'Token not found.');
  }
  return new Response(null, { status: 204 });
});

import type { RequestHandler } from './$types';
import { changePassword, changePasswordSchema } from '#lib/server/account/index.ts';
import { requireSessionUser } from '#lib/server/authz/index.ts';
import { getDb } from '#lib/server/db.ts';
import { apiHandler, readJson } from '#lib/server/http/index.ts';

/** Changes the password; every other session ends and this browser gets a fresh one. */
export const POST: RequestHandler = apiHandler(async ({ locals, request, cookies, url }) => {
  const p = requireSessionUser(locals.principal);
  const input = await readJson(request, changePasswordSchema);
  await changePassword(getDb(), p.user.id, input, { cookies, secure: url.protocol === 'https:' });
  return new Response(null, { status: 204 });
});

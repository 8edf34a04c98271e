import type { RequestHandler } from './$types';
import { logOutEverywhere } from '#lib/server/account/index.ts';
import { clearSessionCookie } from '#lib/server/auth/index.ts';
import { requireUser } from '#lib/server/authz/index.ts';
import { getDb } from '#lib/server/db.ts';
import { apiHandler } from '#lib/server/http/index.ts';

/** Ends every session of the caller (all browsers and devices). */
export const POST: RequestHandler = apiHandler(async ({ locals, cookies, url }) => {
  const p = requireUser(locals.principal);
  await logOutEverywhere(getDb(), p.user.id);
  clearSessionCookie(cookies, url.protocol === 'https:');
  return new Response(null, { status: 204 });
});

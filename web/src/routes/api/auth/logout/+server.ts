import type { RequestHandler } from './$types';
import { SESSION_COOKIE, clearSessionCookie, endSession } from '#lib/server/auth/index.ts';
import { getDb } from '#lib/server/db.ts';
import { apiHandler } from '#lib/server/http/index.ts';

export const POST: RequestHandler = apiHandler(async ({ cookies, url }) => {
  const token = cookies.get(SESSION_COOKIE);
  if (token) await endSession(getDb(), token);
  clearSessionCookie(cookies, url.protocol === 'https:');
  return new Response(null, { status: 204 });
});

import type { RequestHandler } from './$types';
import { clearSessionCookie, endSession, sessionCookieName } from '#lib/server/auth/index.ts';
import { getDb } from '#lib/server/db.ts';
import { apiHandler } from '#lib/server/http/index.ts';

export const POST: RequestHandler = apiHandler(async ({ cookies, url }) => {
  const secure = url.protocol === 'https:';
  const token = cookies.get(sessionCookieName(secure));
  if (token) await endSession(getDb(), token);
  clearSessionCookie(cookies, secure);
  return new Response(null, { status: 204 });
});

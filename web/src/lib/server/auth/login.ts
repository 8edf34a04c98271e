import type { Cookies } from '@sveltejs/kit';
import type { Db } from '@parley/db';
import { config } from '../config.ts';
import { accountKey, rateLimiter, rule } from '../rate-limit/index.ts';
import type { LoginInput } from './schemas.ts';
import { endSession, logIn, startSession, type SessionUser } from './service.ts';
import { sessionCookieName, setSessionCookie } from './session.ts';

/** Result of a login attempt, shared by the form action and the JSON API. */
export type LoginAttempt =
  | { ok: true; user: SessionUser }
  | { ok: false; reason: 'rate_limited' | 'unavailable'; retryAfterSeconds: number }
  | { ok: false; reason: 'bad_credentials' };

/** Session lifetimes from the configuration. */
export function sessionLifetimes() {
  const c = config();
  return { idleDays: c.sessionTtlDays, absoluteDays: c.sessionAbsoluteDays };
}

/**
 * Rate-limits (per IP and per account; fails closed when Redis is down), checks the credentials
 * and, on success, rotates the session: any session the request carried ends, a new one starts.
 * The answer never says whether the email exists.
 */
export async function attemptLogin(
  db: Db,
  input: LoginInput,
  ctx: { ip: string; cookies: Cookies; secure: boolean },
): Promise<LoginAttempt> {
  const limits = config().rateLimits;
  const account = `login:acct:${accountKey(input.email)}`;
  const limit = await rateLimiter().hit(
    [rule(`login:ip:${ctx.ip}`, limits.loginIp), rule(account, limits.loginAccount)],
    'closed',
  );
  if (!limit.allowed) {
    return {
      ok: false,
      reason: limit.reason === 'unavailable' ? 'unavailable' : 'rate_limited',
      retryAfterSeconds: limit.retryAfterSeconds,
    };
  }
  const user = await logIn(db, input);
  if (!user) return { ok: false, reason: 'bad_credentials' };
  await rateLimiter().reset([account]);
  await establishSession(db, user.id, ctx);
  return { ok: true, user };
}

/** Ends the request's current session (if any), starts a new one for `userId`, sets the cookie. */
export async function establishSession(
  db: Db,
  userId: string,
  ctx: { cookies: Cookies; secure: boolean },
): Promise<{ sessionId: string }> {
  const previous = ctx.cookies.get(sessionCookieName(ctx.secure));
  if (previous) await endSession(db, previous);
  const { token, sessionId, expiresAt } = await startSession(db, userId, sessionLifetimes());
  setSessionCookie(ctx.cookies, token, { secure: ctx.secure, expires: expiresAt });
  return { sessionId };
}

/** Sign-up limit per IP (fails closed when Redis is down). */
export async function checkSignupLimit(ip: string) {
  return rateLimiter().hit([rule(`signup:ip:${ip}`, config().rateLimits.signup)], 'closed');
}

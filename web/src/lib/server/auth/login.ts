import type { Cookies } from '@sveltejs/kit';
import type { Db } from '@parley/db';
import { loginLimitKey, loginLimiter } from './rate-limit.ts';
import type { LoginInput } from './schemas.ts';
import { logIn, startSession, type SessionUser } from './service.ts';
import { setSessionCookie } from './session.ts';

/** Result of a login attempt, shared by the form action and the JSON API. */
export type LoginAttempt =
  | { ok: true; user: SessionUser }
  | { ok: false; reason: 'rate_limited'; retryAfterSeconds: number }
  | { ok: false; reason: 'bad_credentials' };

/** Rate-limits, checks the credentials and, on success, starts a session and sets the cookie. */
export async function attemptLogin(
  db: Db,
  input: LoginInput,
  ctx: { ip: string; cookies: Cookies; secure: boolean; sessionTtlDays: number },
): Promise<LoginAttempt> {
  const key = loginLimitKey(ctx.ip, input.email);
  const limit = loginLimiter.hit(key);
  if (!limit.allowed) {
    return { ok: false, reason: 'rate_limited', retryAfterSeconds: limit.retryAfterSeconds };
  }
  const user = await logIn(db, input);
  if (!user) return { ok: false, reason: 'bad_credentials' };
  loginLimiter.reset(key);
  await establishSession(db, user.id, ctx);
  return { ok: true, user };
}

/** Starts a session for `userId` and writes the cookie. */
export async function establishSession(
  db: Db,
  userId: string,
  ctx: { cookies: Cookies; secure: boolean; sessionTtlDays: number },
): Promise<void> {
  const { token, expiresAt } = await startSession(db, userId, ctx.sessionTtlDays);
  setSessionCookie(ctx.cookies, token, { secure: ctx.secure, expires: expiresAt });
}

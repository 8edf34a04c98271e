import { createHash, randomBytes } from 'node:crypto';
import type { Cookies } from '@sveltejs/kit';

/** Name of the session cookie. */
export const SESSION_COOKIE = 'parley_session';

/** A fresh session token: 32 random bytes, base64url. Only the cookie holds it. */
export function generateSessionToken(): string {
  return randomBytes(32).toString('base64url');
}

/** The session id stored in the database: SHA-256 (hex) of the token. */
export function hashSessionToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** True when the string looks like a token we issued (43 base64url chars). */
export function isWellFormedToken(token: string): boolean {
  return /^[A-Za-z0-9_-]{43}$/.test(token);
}

/** Expiry for a session started or renewed now. */
export function sessionExpiry(ttlDays: number, now = new Date()): Date {
  return new Date(now.getTime() + ttlDays * 24 * 60 * 60 * 1000);
}

/** Renew the session when less than this fraction of its lifetime is left. */
export function shouldRenew(expiresAt: Date, ttlDays: number, now = new Date()): boolean {
  const ttlMs = ttlDays * 24 * 60 * 60 * 1000;
  return expiresAt.getTime() - now.getTime() < ttlMs / 2;
}

/** Cookie attributes for the session cookie. `secure` follows the request's scheme. */
export function sessionCookieOptions(opts: { secure: boolean; expires: Date }) {
  return {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: opts.secure,
    expires: opts.expires,
  } as const;
}

/** Writes the session cookie. */
export function setSessionCookie(
  cookies: Cookies,
  token: string,
  opts: { secure: boolean; expires: Date },
): void {
  cookies.set(SESSION_COOKIE, token, sessionCookieOptions(opts));
}

/** Clears the session cookie. */
export function clearSessionCookie(cookies: Cookies, secure: boolean): void {
  cookies.delete(SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'lax', secure });
}

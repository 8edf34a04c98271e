import { createHash, randomBytes } from 'node:crypto';
import type { Cookies } from '@sveltejs/kit';

/** Name of the session cookie over plain http (dev). */
export const SESSION_COOKIE = 'parley_session';
/** Name over https: the `__Host-` prefix pins it to this host, path / and Secure. */
export const SECURE_SESSION_COOKIE = '__Host-parley_session';

/** The session cookie's name for a request scheme. */
export function sessionCookieName(secure: boolean): string {
  return secure ? SECURE_SESSION_COOKIE : SESSION_COOKIE;
}

/** A fresh session token: 32 random bytes, base64url. Only the cookie holds it. */
export function generateSessionToken(): string {
  return randomBytes(32).toString('base64url');
}

/** The id stored in the database for a secret token: SHA-256 (hex). */
export function hashSessionToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** True when the string looks like a token we issued (43 base64url chars). */
export function isWellFormedToken(token: string): boolean {
  return /^[A-Za-z0-9_-]{43}$/.test(token);
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** Expiry for a session started or renewed now. */
export function sessionExpiry(ttlDays: number, now = new Date()): Date {
  return new Date(now.getTime() + ttlDays * DAY_MS);
}

/** Renew the idle deadline when the session was last seen more than a minute ago. */
export function shouldTouch(lastSeenAt: Date, now = new Date()): boolean {
  return now.getTime() - lastSeenAt.getTime() > 60_000;
}

/** The idle deadline after activity now, never past the absolute deadline. */
export function nextIdleExpiry(idleDays: number, absolute: Date | null, now = new Date()): Date {
  const idle = sessionExpiry(idleDays, now);
  return absolute && absolute < idle ? absolute : idle;
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

/** Writes the session cookie (it lives until the session's absolute deadline). */
export function setSessionCookie(
  cookies: Cookies,
  token: string,
  opts: { secure: boolean; expires: Date },
): void {
  cookies.set(sessionCookieName(opts.secure), token, sessionCookieOptions(opts));
}

/** Clears the session cookie. */
export function clearSessionCookie(cookies: Cookies, secure: boolean): void {
  cookies.delete(sessionCookieName(secure), {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure,
  });
}

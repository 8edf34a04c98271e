import { describe, expect, it } from 'vitest';
import {
  RateLimiter,
  generateSessionToken,
  hashPassword,
  hashSessionToken,
  isWellFormedToken,
  loginLimitKey,
  loginSchema,
  safeNext,
  sessionCookieOptions,
  sessionExpiry,
  shouldRenew,
  signupSchema,
  verifyPassword,
} from './index.ts';

describe('session tokens', () => {
  it('are 32 random bytes in base64url', () => {
    const t = generateSessionToken();
    expect(Buffer.from(t, 'base64url')).toHaveLength(32);
    expect(isWellFormedToken(t)).toBe(true);
    expect(generateSessionToken()).not.toBe(t);
    expect(isWellFormedToken('short')).toBe(false);
  });

  it('are stored only as their SHA-256', () => {
    const t = generateSessionToken();
    const h = hashSessionToken(t);
    expect(h).toMatch(/^[0-9a-f]{64}$/);
    expect(h).not.toContain(t);
    expect(hashSessionToken(t)).toBe(h);
  });

  it('cookie is httpOnly, Lax, path /, secure only on https', () => {
    const expires = new Date();
    expect(sessionCookieOptions({ secure: false, expires })).toEqual({
      path: '/',
      httpOnly: true,
      sameSite: 'lax',
      secure: false,
      expires,
    });
    expect(sessionCookieOptions({ secure: true, expires }).secure).toBe(true);
  });

  it('renews past half-life', () => {
    const now = new Date('2026-01-01T00:00:00Z');
    expect(shouldRenew(sessionExpiry(30, now), 30, now)).toBe(false);
    expect(shouldRenew(new Date(now.getTime() + 5 * 86_400_000), 30, now)).toBe(true);
  });
});

describe('signup schema', () => {
  const ok = { email: ' a@example.com ', password: 'x'.repeat(10), name: ' Ada ' };

  it('accepts and trims', () => {
    expect(signupSchema.parse(ok)).toEqual({
      email: 'a@example.com',
      password: 'x'.repeat(10),
      name: 'Ada',
    });
  });

  it.each([
    ['email', { ...ok, email: 'nope' }],
    ['password', { ...ok, password: 'x'.repeat(9) }],
    ['name', { ...ok, name: '  ' }],
    ['name', { ...ok, name: 'n'.repeat(101) }],
  ])('rejects a bad %s', (field, input) => {
    const r = signupSchema.safeParse(input);
    expect(r.success).toBe(false);
    if (!r.success) expect(r.error.issues[0]?.path).toEqual([field]);
  });

  it('login needs both fields', () => {
    expect(loginSchema.safeParse({ email: 'a@b.c' }).success).toBe(false);
  });
});

describe('passwords', () => {
  it('hash with argon2id and verify', async () => {
    const h = await hashPassword('correct horse battery');
    expect(h.startsWith('$argon2id$')).toBe(true);
    expect(await verifyPassword(h, 'correct horse battery')).toBe(true);
    expect(await verifyPassword(h, 'wrong horse battery')).toBe(false);
    expect(await verifyPassword('not-a-hash', 'x')).toBe(false);
  });
});

describe('RateLimiter', () => {
  it('allows `limit` hits per window then reports Retry-After', () => {
    const l = new RateLimiter({ limit: 2, windowMs: 60_000 });
    expect(l.hit('k', 0).allowed).toBe(true);
    expect(l.hit('k', 1).allowed).toBe(true);
    expect(l.hit('k', 2)).toEqual({ allowed: false, retryAfterSeconds: 60 });
    expect(l.hit('other', 2).allowed).toBe(true);
    expect(l.hit('k', 60_001).allowed).toBe(true);
    l.reset('k');
    expect(l.hit('k', 60_002).allowed).toBe(true);
  });

  it('keys by ip and normalised email', () => {
    expect(loginLimitKey('1.2.3.4', ' A@B.c ')).toBe(loginLimitKey('1.2.3.4', 'a@b.c'));
  });
});

describe('safeNext', () => {
  it.each([
    [null, '/meetings'],
    ['/meetings/1', '/meetings/1'],
    ['//evil.com', '/meetings'],
    ['/\\evil.com', '/meetings'],
    ['https://evil.com', '/meetings'],
  ])('%s → %s', (input, out) => {
    expect(safeNext(input)).toBe(out);
  });
});

import { describe, expect, it } from 'vitest';
// Import the modules directly: the index also re-exports config-bound services.
import { safeNext } from './next.ts';
import { hashPassword, verifyPassword } from './password.ts';
import { loginSchema, signupSchema } from './schemas.ts';
import {
  generateSessionToken,
  hashSessionToken,
  isWellFormedToken,
  nextIdleExpiry,
  sessionCookieName,
  sessionCookieOptions,
  sessionExpiry,
  shouldTouch,
} from './session.ts';
import { accountKey } from '../rate-limit/limiter.ts';

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

  it('is __Host- prefixed over https', () => {
    expect(sessionCookieName(true)).toBe('__Host-parley_session');
    expect(sessionCookieName(false)).toBe('parley_session');
  });

  it('slides the idle deadline at most once a minute, never past the absolute one', () => {
    const now = new Date('2026-01-01T00:00:00Z');
    expect(shouldTouch(new Date(now.getTime() - 30_000), now)).toBe(false);
    expect(shouldTouch(new Date(now.getTime() - 61_000), now)).toBe(true);
    expect(nextIdleExpiry(30, null, now)).toEqual(sessionExpiry(30, now));
    const absolute = new Date(now.getTime() + 86_400_000);
    expect(nextIdleExpiry(30, absolute, now)).toEqual(absolute);
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
    // PHC string: $argon2id$v=19$m=<KiB>,t=<passes>,p=<lanes>$salt$hash
    const m =
      /^\$argon2id\$v=19\$m=(\d+),t=(\d+),p=(\d+)\$[A-Za-z0-9+/]{22,}\$[A-Za-z0-9+/]{43,}$/.exec(h);
    expect(m, h).not.toBeNull();
    const [memoryKiB, passes] = [Number(m?.[1]), Number(m?.[2])];
    expect(memoryKiB).toBeGreaterThanOrEqual(19_456);
    expect(passes).toBeGreaterThanOrEqual(2);
    expect(await verifyPassword(h, 'correct horse battery')).toBe(true);
    expect(await verifyPassword(h, 'wrong horse battery')).toBe(false);
    expect(await verifyPassword('not-a-hash', 'x')).toBe(false);
  });
});

describe('rate-limit keys', () => {
  it('key accounts by a hash of the normalised email, never the email', () => {
    expect(accountKey(' A@B.c ')).toBe(accountKey('a@b.c'));
    expect(accountKey('a@b.c')).not.toContain('a@b.c');
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

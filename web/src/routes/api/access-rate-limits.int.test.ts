/**
 * Integration: rate limits, on a server of their own — against the built server, Postgres, Redis,
 * LiveKit and MinIO from `.data/dev.env`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cookieOf, useAccessServer } from '#lib/server/testing/api-server.ts';
import { call, startTestServer, type TestServer } from '#lib/server/testing/server.ts';

const { server } = useAccessServer();

// ---------------------------------------------------------------- rate limits (own server)

describe('rate limits', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer(
      'web-limits',
      {
        RATE_LIMIT_LOGIN_IP: '8/300',
        RATE_LIMIT_LOGIN_ACCOUNT: '3/900',
        RATE_LIMIT_SIGNUP: '2/3600',
        RATE_LIMIT_TOKEN: '3/60',
        RATE_LIMIT_API: '40/60',
      },
      server().testDb,
    );
  });
  afterAll(async () => {
    await t?.stop();
  });

  const limited = (r: { status: number; res: Response; body: { error?: { code: string } } }) => {
    expect(r.status).toBe(429);
    expect(r.body.error?.code).toBe('rate_limited');
    expect(Number(r.res.headers.get('retry-after'))).toBeGreaterThan(0);
  };

  it('sign-up per IP, login per account and per IP (without revealing accounts), token issue, the API', async () => {
    const a = await call(t.base, 'POST', '/api/auth/signup', {
      json: {
        email: `rl1-${Date.now()}@example.com`,
        password: 'correct horse battery',
        name: 'A',
      },
    });
    expect(a.status).toBe(201);
    const cookie = cookieOf(a);
    expect(
      (
        await call(t.base, 'POST', '/api/auth/signup', {
          json: {
            email: `rl2-${Date.now()}@example.com`,
            password: 'correct horse battery',
            name: 'B',
          },
        })
      ).status,
    ).toBe(201);
    limited(
      await call(t.base, 'POST', '/api/auth/signup', {
        json: {
          email: `rl3-${Date.now()}@example.com`,
          password: 'correct horse battery',
          name: 'C',
        },
      }),
    );

    const email = (a.body.user as { email: string }).email;
    const wrong = { email, password: 'wrong password' };
    const ghost = { email: `ghost-${Date.now()}@example.com`, password: 'wrong password' };
    const seen: number[] = [];
    for (let i = 0; i < 3; i++)
      seen.push((await call(t.base, 'POST', '/api/auth/login', { json: wrong })).status);
    expect(seen).toEqual([401, 401, 401]);
    const realLocked = await call(t.base, 'POST', '/api/auth/login', { json: wrong });
    limited(realLocked);
    // Same answers for an address with no account.
    for (let i = 0; i < 3; i++)
      expect((await call(t.base, 'POST', '/api/auth/login', { json: ghost })).status).toBe(401);
    const ghostLocked = await call(t.base, 'POST', '/api/auth/login', { json: ghost });
    limited(ghostLocked);
    expect(ghostLocked.body).toEqual(realLocked.body);
    // Per IP: the 9th attempt in the window is refused whatever the account.
    limited(
      await call(t.base, 'POST', '/api/auth/login', {
        json: { email: `x-${Date.now()}@example.com`, password: 'whatever1' },
      }),
    );

    const m = await call(t.base, 'POST', '/api/meetings', {
      cookie,
      json: { title: 'Limits', type: 'general' },
    });
    const id = (m.body.meeting as { id: string }).id;
    const tokens: number[] = [];
    for (let i = 0; i < 3; i++)
      tokens.push(
        (await call(t.base, 'POST', `/api/meetings/${id}/token`, { cookie, json: {} })).status,
      );
    expect(tokens).toEqual([200, 200, 200]);
    limited(await call(t.base, 'POST', `/api/meetings/${id}/token`, { cookie, json: {} }));

    let last = await call(t.base, 'GET', '/api/meetings', { cookie });
    for (let i = 0; i < 40 && last.status === 200; i++)
      last = await call(t.base, 'GET', '/api/meetings', { cookie });
    limited(last);
  });

  it('shared-link pages count against the visitor’s API allowance', async () => {
    // Signed out, from this address (whose allowance the sign-ups and log-ins above used too).
    const visit = () =>
      fetch(`${t.base}/s/${'x'.repeat(43)}`, { headers: { accept: 'text/html' } });
    let r = await visit();
    for (let i = 0; i < 40 && r.status === 404; i++) r = await visit();
    expect(r.status).toBe(429);
    expect(Number(r.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await r.text()).toBe('Too many requests. Try again later.');
  });
});

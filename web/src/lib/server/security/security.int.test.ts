/**
 * Security checks as integration tests against the built server: session fixation, cookie flags,
 * CSRF, IDOR across teams, rate limits, LiveKit token TTLs and grants, webhook verification
 * (forgery, expired signatures, replay), presigned recording URL expiry, XSS in titles, and secrets absent
 * from the logs. (The full role × action matrix lives in `routes/api/access.int.test.ts`.)
 */
import { createHash, createHmac } from 'node:crypto';
import { AccessToken } from 'livekit-server-sdk';
import { finishRecording, insertRecording, recordingObjectKey } from '@parley/db';
import { Client } from 'minio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  call,
  devEnv,
  signupUser,
  startTestServer,
  type Caller,
  type TestServer,
} from '../testing/server.ts';

/** Lifetime of presigned recording URLs in this test (the minimum the config allows). */
const URL_TTL_S = 10;
const KEY = devEnv.LIVEKIT_API_KEY ?? '';
const SECRET = devEnv.LIVEKIT_API_SECRET ?? '';
let srv: TestServer;
let base: string;
const api = (method: string, path: string, opts: Parameters<typeof call>[3] = {}) =>
  call(base, method, path, opts);
/** Every secret the tests used; none may appear in the server's output. */
const secrets: string[] = [];

beforeAll(async () => {
  srv = await startTestServer('security', {
    RATE_LIMIT_LOGIN_ACCOUNT: '3/60',
    GUEST_TOKEN_TTL_SECONDS: '120',
    TOKEN_TTL_SECONDS: '300',
    RECORDING_URL_TTL_SECONDS: String(URL_TTL_S),
  });
  base = srv.base;
}, 60_000);

afterAll(async () => {
  await srv?.stop();
});

function sessionCookieOf(res: Response): string | undefined {
  return res.headers.getSetCookie().find((c) => /^(__Host-)?parley_session=/.test(c));
}

function jwtClaims(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString()) as Record<
    string,
    unknown
  >;
}

async function meetingOf(c: Caller, teamId?: string) {
  const r = await api('POST', '/api/meetings', {
    ...c,
    json: { title: 'Board review', type: 'mentoring', ...(teamId ? { teamId } : {}) },
  });
  expect(r.status).toBe(201);
  return r.body.meeting as { id: string; roomName: string };
}

describe('sessions and cookies', () => {
  it('session fixation: a session id planted before login is never adopted', async () => {
    const u = await signupUser(base, 'Fixation Fay');
    secrets.push(u.password, u.cookie.split('=')[1] ?? '');
    const planted = 'parley_session=attacker-chosen-value-0123456789abcdef';
    const login = await api('POST', '/api/auth/login', {
      headers: { cookie: planted },
      json: { email: u.email, password: u.password },
    });
    expect(login.status).toBe(200);
    const issued = sessionCookieOf(login.res);
    expect(issued).toBeDefined();
    expect(issued).not.toContain('attacker-chosen-value');
    expect((await api('GET', '/api/me', { cookie: planted })).status).toBe(401);
    // Each login issues a fresh id (no reuse of the sign-up session).
    expect(issued?.split(';')[0]).not.toBe(u.cookie);
  });

  it('cookie flags: HttpOnly, SameSite=Lax, Path=/, bounded lifetime; logout ends the session server-side', async () => {
    const u = await signupUser(base, 'Cookie Cal');
    const login = await api('POST', '/api/auth/login', {
      json: { email: u.email, password: u.password },
    });
    const c = sessionCookieOf(login.res) ?? '';
    expect(c).toMatch(/;\s*HttpOnly/i);
    expect(c).toMatch(/;\s*SameSite=Lax/i);
    expect(c).toMatch(/;\s*Path=\//i);
    expect(c).toMatch(/;\s*(Expires|Max-Age)=/i);
    const cookie = c.split(';')[0] ?? '';
    secrets.push(cookie.split('=')[1] ?? '');
    expect((await api('POST', '/api/auth/logout', { cookie })).status).toBeLessThan(300);
    // The old cookie value is dead even if a browser (or thief) keeps sending it.
    expect((await api('GET', '/api/me', { cookie })).status).toBe(401);
  });
});

describe('CSRF', () => {
  it('cookie-authenticated writes from another origin or site are refused', async () => {
    const u = await signupUser(base, 'Csrf Cleo');
    const attempts: Record<string, string>[] = [
      { origin: 'https://evil.example' },
      { origin: 'null' },
      { 'sec-fetch-site': 'cross-site' },
      { 'sec-fetch-site': 'same-site' },
    ];
    for (const headers of attempts) {
      const r = await api('POST', '/api/meetings', {
        cookie: u.cookie,
        headers,
        json: { title: 'Forged', type: 'mentoring' },
      });
      expect(r.status, JSON.stringify(headers)).toBe(403);
    }
    // A form post from elsewhere to a page action is refused too.
    const res = await fetch(`${base}/logout`, {
      method: 'POST',
      headers: {
        cookie: u.cookie,
        origin: 'https://evil.example',
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: '',
      redirect: 'manual',
    });
    expect(res.status).toBe(403);
    expect((await api('GET', '/api/me', { cookie: u.cookie })).status).toBe(200);
    expect(
      (await api('GET', '/api/meetings', { cookie: u.cookie })).body.items as unknown[],
    ).toEqual([]);
  });
});

describe('IDOR across teams', () => {
  it("a member of another team can neither see nor change a team's meeting, team or tokens", async () => {
    const a = await signupUser(base, 'Owner Ann');
    const b = await signupUser(base, 'Other Ben');
    const team = await api('POST', '/api/teams', { cookie: a.cookie, json: { name: 'Team A' } });
    const teamId = (team.body.team as { id: string }).id;
    await api('POST', '/api/teams', { cookie: b.cookie, json: { name: 'Team B' } });
    const m = await meetingOf({ cookie: a.cookie }, teamId);
    const tok = await api('POST', '/api/me/tokens', { cookie: a.cookie, json: { name: 'ci' } });
    const tokenId = (tok.body.apiToken as { id: string }).id;
    secrets.push(String(tok.body.token));
    const probes: [string, string, unknown?][] = [
      ['GET', `/api/meetings/${m.id}`],
      ['PATCH', `/api/meetings/${m.id}`, { title: 'Owned' }],
      ['DELETE', `/api/meetings/${m.id}`],
      ['POST', `/api/meetings/${m.id}/token`, {}],
      ['POST', `/api/meetings/${m.id}/end`, {}],
      ['GET', `/api/meetings/${m.id}/attendance`],
      ['POST', `/api/meetings/${m.id}/guest-links`, {}],
      ['GET', `/api/teams/${teamId}`],
      ['PATCH', `/api/teams/${teamId}`, { sttProvider: 'local' }],
      ['DELETE', `/api/me/tokens/${tokenId}`],
    ];
    for (const [method, path, json] of probes) {
      const r = await api(method, path, { cookie: b.cookie, ...(json ? { json } : {}) });
      expect([403, 404], `${method} ${path} → ${r.status}`).toContain(r.status);
    }
    const still = await api('GET', `/api/meetings/${m.id}`, { cookie: a.cookie });
    expect((still.body.meeting as { title: string }).title).toBe('Board review');
    expect((await api('GET', '/api/me', { bearer: String(tok.body.token) })).status).toBe(200);
  });
});

describe('rate limits', () => {
  it('login attempts per account are limited (429 + Retry-After), also for the right password', async () => {
    const u = await signupUser(base, 'Limited Lou');
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      const r = await api('POST', '/api/auth/login', {
        json: { email: u.email, password: 'wrong password!' },
      });
      statuses.push(r.status);
      if (r.status === 429) expect(Number(r.res.headers.get('retry-after'))).toBeGreaterThan(0);
    }
    expect(statuses).toEqual([401, 401, 401, 429]);
    const right = await api('POST', '/api/auth/login', {
      json: { email: u.email, password: u.password },
    });
    expect(right.status).toBe(429);
  });
});

describe('LiveKit tokens', () => {
  it('member tokens: short TTL, one room, least privilege; guest tokens shorter, no admin', async () => {
    const u = await signupUser(base, 'Host Hal');
    const m = await meetingOf({ cookie: u.cookie });
    const r = await api('POST', `/api/meetings/${m.id}/token`, { cookie: u.cookie, json: {} });
    expect(r.status).toBe(200);
    secrets.push(String(r.body.token));
    const c = jwtClaims(String(r.body.token));
    const ttl = Number(c.exp) - Number(c.nbf ?? c.iat ?? Math.floor(Date.now() / 1000));
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(300);
    const video = c.video as Record<string, unknown>;
    expect(video.room).toBe(m.roomName);
    expect(video.roomJoin).toBe(true);
    for (const g of ['roomCreate', 'roomList', 'roomRecord', 'roomAdmin', 'ingressAdmin', 'agent'])
      expect(video[g], g).not.toBe(true);

    const link = await api('POST', `/api/meetings/${m.id}/guest-links`, {
      cookie: u.cookie,
      json: {},
    });
    const join = await api('POST', '/api/guest/join', {
      json: { token: String(link.body.token), displayName: 'Gus' },
    });
    expect(join.status).toBe(201);
    const gt = await api('POST', `/api/meetings/${m.id}/token`, {
      bearer: String(join.body.guestToken),
      json: {},
    });
    expect(gt.status).toBe(200);
    const gc = jwtClaims(String(gt.body.token));
    expect(Number(gc.exp) - Number(gc.nbf ?? gc.iat)).toBeLessThanOrEqual(120);
    const gv = gc.video as Record<string, unknown>;
    expect(gv.room).toBe(m.roomName);
    expect(gv.roomAdmin).not.toBe(true);
    secrets.push(String(link.body.token), String(join.body.guestToken));
  });
});

describe('LiveKit webhooks', () => {
  const body = (id: string) =>
    JSON.stringify({ event: 'room_started', id, room: { name: 'not-a-meeting' }, createdAt: '1' });
  async function post(b: string, authorization?: string) {
    const headers: Record<string, string> = { 'content-type': 'application/webhook+json' };
    if (authorization) headers.authorization = authorization;
    return (await fetch(`${base}/api/livekit/webhook`, { method: 'POST', headers, body: b }))
      .status;
  }
  /** An HS256 webhook JWT expiring `expInS` seconds from now (negative: already expired). */
  function handSigned(b: string, expInS: number): string {
    const now = Math.floor(Date.now() / 1000);
    const enc = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const head = enc({ alg: 'HS256', typ: 'JWT' });
    const claims = enc({
      iss: KEY,
      nbf: now - 120,
      exp: now + expInS,
      sha256: createHash('sha256').update(b).digest('base64'),
    });
    const sig = createHmac('sha256', SECRET).update(`${head}.${claims}`).digest('base64url');
    return `${head}.${claims}.${sig}`;
  }
  async function sign(b: string, key = KEY, secret = SECRET) {
    const at = new AccessToken(key, secret);
    at.sha256 = createHash('sha256').update(b).digest('base64');
    return at.toJwt();
  }

  it('refuses forged, unsigned, tampered, wrong-key and expired signatures; accepts a valid one once', async () => {
    const b = body(`EV_${Date.now()}`);
    expect(await post(b)).toBe(401);
    expect(await post(b, 'Bearer nonsense')).toBe(401);
    expect(await post(b, await sign(b, KEY, 'not-the-secret-at-all-0123456789'))).toBe(401);
    expect(await post(b, await sign(b, 'other-key', SECRET))).toBe(401);
    expect(await post(b.replace('not-a-meeting', 'another-room'), await sign(b))).toBe(401);
    // A captured webhook replayed after its signature expired (beyond the 10 s clock tolerance).
    expect(await post(b, handSigned(b, -60))).toBe(401);
    expect(await post(b, handSigned(b, 60))).toBe(200);
    // Replaying a valid delivery is harmless: events apply once per id.
    const u = await signupUser(base, 'Webhook Wes');
    const m = await meetingOf({ cookie: u.cookie });
    const real = JSON.stringify({
      event: 'room_started',
      id: `EV_real_${Date.now()}`,
      room: { name: m.roomName },
      createdAt: String(Math.floor(Date.now() / 1000)),
    });
    const auth = await sign(real);
    const outcomes: unknown[] = [];
    for (let i = 0; i < 3; i++) {
      const res = await fetch(`${base}/api/livekit/webhook`, {
        method: 'POST',
        headers: { 'content-type': 'application/webhook+json', authorization: auth },
        body: real,
      });
      expect(res.status).toBe(200);
      outcomes.push(((await res.json()) as { outcome: string }).outcome);
    }
    expect(outcomes).toEqual(['processed', 'replay', 'replay']);
  });
});

describe('presigned URLs (recordings)', () => {
  it('a recording URL from the API works until RECORDING_URL_TTL_SECONDS, only for its object and only for members', async () => {
    const owner = await signupUser(base, 'Rec Owner');
    const stranger = await signupUser(base, 'Rec Stranger');
    const m = await meetingOf({ cookie: owner.cookie });
    const recId = crypto.randomUUID();
    const key = recordingObjectKey(m.id, recId);
    await insertRecording(srv.db, { id: recId, meetingId: m.id, mode: 'agent', objectKey: key });
    await finishRecording(srv.db, recId, { status: 'completed', durationMs: 1000, sizeBytes: 16 });
    const endpoint = new URL(devEnv.S3_ENDPOINT ?? 'http://127.0.0.1:59000');
    const client = new Client({
      endPoint: endpoint.hostname,
      port: Number(endpoint.port),
      useSSL: endpoint.protocol === 'https:',
      accessKey: devEnv.S3_ACCESS_KEY ?? '',
      secretKey: devEnv.S3_SECRET_KEY ?? '',
      region: devEnv.S3_REGION ?? 'us-east-1',
    });
    const bucket = devEnv.S3_BUCKET ?? 'parley';
    const other = key.replace(recId, 'someone-else');
    await client.putObject(bucket, key, Buffer.from('secret recording'));
    await client.putObject(bucket, other, Buffer.from('another recording'));
    try {
      const path = `/api/meetings/${m.id}/recordings/${recId}`;
      expect((await api('GET', path, { cookie: stranger.cookie })).status).toBe(404);
      const r = await api('GET', path, { cookie: owner.cookie });
      expect(r.status).toBe(200);
      expect(r.body.expiresInSeconds).toBe(URL_TTL_S);
      const url = String(r.body.playUrl);
      secrets.push(new URL(url).searchParams.get('X-Amz-Signature') ?? '');
      expect((await fetch(url)).status).toBe(200);
      expect((await fetch(url.replace(recId, 'someone-else'))).status).toBe(403);
      expect((await fetch(url.replace(/X-Amz-Expires=\d+/, 'X-Amz-Expires=3600'))).status).toBe(
        403,
      );
      await new Promise((res) => setTimeout(res, (URL_TTL_S + 1.5) * 1000));
      expect((await fetch(url)).status).toBe(403);
    } finally {
      await client.removeObjects(bucket, [key, other]);
    }
  }, 40_000);
});

describe('XSS', () => {
  it('markup in a meeting title is escaped in pages and returned verbatim (as data) by the API', async () => {
    const u = await signupUser(base, 'Xss Xena');
    const title = '<script>alert(1)</script><img src=x onerror=alert(2)>';
    const r = await api('POST', '/api/meetings', {
      cookie: u.cookie,
      json: { title, type: 'mentoring' },
    });
    expect(r.status).toBe(201);
    const m = r.body.meeting as { id: string };
    expect(r.res.headers.get('content-type')).toMatch(/application\/json/);
    for (const path of ['/meetings', `/meetings/${m.id}`]) {
      const res = await fetch(`${base}${path}`, { headers: { cookie: u.cookie } });
      expect(res.status).toBe(200);
      const html = await res.text();
      expect(html).not.toContain('<script>alert(1)');
      expect(html).not.toContain('<img src=x onerror');
      expect(html).toContain('&lt;script');
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    }
  });
});

describe('logs', () => {
  it('no secret, password, session, bearer or LiveKit token ever reaches the server output', async () => {
    // Provoke the error and auth paths that log.
    await api('POST', '/api/auth/login', {
      json: { email: 'x@example.com', password: 'hunter2hunter2' },
    });
    await api('GET', '/api/me', { bearer: 'parley_pat_leakcheck0123456789abcdefghijklmnopqrstu' });
    secrets.push('hunter2hunter2', 'parley_pat_leakcheck0123456789abcdefghijklmnopqrstu');
    const dbPassword = new URL(srv.testDb.url).password;
    const all = [SECRET, devEnv.S3_SECRET_KEY ?? '', dbPassword, ...secrets].filter(
      (s) => s.length >= 8,
    );
    expect(all.length).toBeGreaterThan(5);
    const out = srv.proc.output();
    for (const s of all) expect(out.includes(s), `secret …${s.slice(-4)} in logs`).toBe(false);
  });
});

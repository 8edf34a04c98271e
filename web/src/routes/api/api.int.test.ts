/**
 * Integration: builds the app, runs `node build/index.js` against a fresh Postgres database and
 * the dev LiveKit server (settings from `.data/dev.env`), and drives the JSON API over HTTP:
 * auth, meetings and join tokens. The build uses ORIGIN from dev.env (baked in as
 * `paths.origin`), like a normal dev build; the server then listens on a free port.
 */
import { createHash } from 'node:crypto';
import { TokenVerifier } from 'livekit-server-sdk';
import { describe, expect, it } from 'vitest';
import { KEY, SECRET, useApiServer } from '#lib/server/testing/api-server.ts';
import { ORIGIN, devEnv, signupUser, type Json } from '#lib/server/testing/server.ts';

const { api, createMeeting, server } = useApiServer('web-api-test');
const signup = (name = 'Ada Lovelace') => signupUser(server().base, name);

// ---------------------------------------------------------------- auth

describe('auth API', () => {
  it('signs up: 201, user, httpOnly SameSite=Lax session cookie', async () => {
    const email = `new-${Date.now()}@example.com`;
    const r = await api('POST', '/api/auth/signup', {
      json: { email, password: 'correct horse battery', name: 'Grace' },
    });
    expect(r.status).toBe(201);
    expect(r.body.user).toMatchObject({ email, name: 'Grace' });
    expect(JSON.stringify(r.body)).not.toContain('password');
    const cookie = r.res.headers.getSetCookie().find((c) => c.startsWith('parley_session='));
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).toMatch(/Path=\//);
    expect(cookie).not.toMatch(/Secure/i);
    // Only the hash is stored.
    const token = (cookie ?? '').split(';')[0]?.split('=')[1] ?? '';
    const rows = await server().db.selectFrom('sessions').select('id').execute();
    const ids = rows.map((s) => s.id);
    expect(ids).toContain(createHash('sha256').update(token).digest('hex'));
    expect(ids).not.toContain(token);
  });

  it('rejects a taken email (any case) with 422 naming email', async () => {
    const { email } = await signup();
    const r = await api('POST', '/api/auth/signup', {
      json: { email: email.toUpperCase(), password: 'correct horse battery', name: 'X' },
    });
    expect(r.status).toBe(422);
    expect(r.body.error?.fields).toHaveProperty('email');
  });

  it('rejects a weak password and a malformed email with 422 fields', async () => {
    const weak = await api('POST', '/api/auth/signup', {
      json: { email: 'weak@example.com', password: 'short', name: 'X' },
    });
    expect(weak.status).toBe(422);
    expect(Object.keys(weak.body.error?.fields ?? {})).toEqual(['password']);
    const bad = await api('POST', '/api/auth/signup', {
      json: { email: 'not-an-email', password: 'correct horse battery', name: 'X' },
    });
    expect(bad.status).toBe(422);
    expect(Object.keys(bad.body.error?.fields ?? {})).toEqual(['email']);
  });

  it('logs in; wrong password and unknown email give the same 401', async () => {
    const { email } = await signup();
    const ok = await api('POST', '/api/auth/login', {
      json: { email, password: 'correct horse battery' },
    });
    expect(ok.status).toBe(200);
    expect(ok.res.headers.getSetCookie().some((c) => c.startsWith('parley_session='))).toBe(true);
    const wrong = await api('POST', '/api/auth/login', {
      json: { email, password: 'nope nope nope' },
    });
    const unknown = await api('POST', '/api/auth/login', {
      json: { email: 'ghost@example.com', password: 'nope nope nope' },
    });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body).toEqual(unknown.body);
  });

  it('rate-limits login attempts with 429 and Retry-After', async () => {
    const json = { email: 'limited@example.com', password: 'wrong password' };
    const statuses: number[] = [];
    let last: Json | undefined;
    for (let i = 0; i < 11; i++) {
      last = await api('POST', '/api/auth/login', { json });
      statuses.push(last.status);
    }
    expect(statuses.slice(0, 10).every((s) => s === 401)).toBe(true);
    expect(statuses[10]).toBe(429);
    expect(Number(last?.res.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('logs out: 204 and the session stops working', async () => {
    const { cookie } = await signup();
    expect((await api('GET', '/api/meetings', { cookie })).status).toBe(200);
    // A body-less POST counts as a form post for SvelteKit's CSRF check: browsers send Origin.
    const out = await api('POST', '/api/auth/logout', { cookie, headers: { origin: ORIGIN } });
    expect(out.status).toBe(204);
    expect(out.res.headers.getSetCookie().join()).toMatch(
      /parley_session=;.*(Max-Age=0|Expires=Thu, 01 Jan 1970)/i,
    );
    expect((await api('GET', '/api/meetings', { cookie })).status).toBe(401);
  });
});

// ---------------------------------------------------------------- meetings

describe('meetings API', () => {
  it('creates, reads and paginates', async () => {
    const { cookie } = await signup();
    const created = await api('POST', '/api/meetings', {
      cookie,
      json: { title: 'Pitch review', type: 'investment_screening' },
    });
    expect(created.status).toBe(201);
    const m = created.body.meeting as Record<string, unknown>;
    expect(Object.keys(m).sort()).toEqual(
      [
        'aiEnabled',
        'checklist',
        'createdAt',
        'endedAt',
        'followupEmail',
        'id',
        'language',
        'roomName',
        'scheduledAt',
        'startedAt',
        'status',
        'subject',
        'subjectId',
        'teamId',
        'title',
        'type',
        'vocabulary',
      ].sort(),
    );
    expect(m).toMatchObject({
      title: 'Pitch review',
      status: 'scheduled',
      roomName: `meeting-${String(m.id)}`,
    });

    const one = await api('GET', `/api/meetings/${String(m.id)}`, { cookie });
    expect(one.status).toBe(200);
    expect(one.body.meeting).toEqual(m);
    expect(one.body.access).toMatchObject({ role: 'owner' });

    for (let i = 0; i < 4; i++) await createMeeting({ cookie }, { title: `Meeting ${i}` });
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const q: string = `/api/meetings?limit=2${cursor ? `&cursor=${cursor}` : ''}`;
      const page = await api('GET', q, { cookie });
      expect(page.status).toBe(200);
      const items = page.body.items as { id: string }[];
      expect(items.length).toBeLessThanOrEqual(2);
      seen.push(...items.map((i) => i.id));
      cursor = page.body.nextCursor as string | null;
    } while (cursor);
    expect(seen).toHaveLength(5);
    expect(new Set(seen).size).toBe(5);
    expect(seen[4]).toBe(m.id);
  });

  it('validates input: 422 fields, 400 bad JSON, 415 wrong type, 413 too large', async () => {
    const { cookie } = await signup();
    const short = await api('POST', '/api/meetings', { cookie, json: { title: 'ab', type: 'x' } });
    expect(short.status).toBe(422);
    expect(Object.keys(short.body.error?.fields ?? {}).sort()).toEqual(['title', 'type']);
    const badJson = await api('POST', '/api/meetings', {
      cookie,
      body: '{"title":',
      headers: { 'content-type': 'application/json' },
    });
    expect(badJson.status).toBe(400);
    expect(badJson.body.error?.code).toBe('bad_json');
    const form = await api('POST', '/api/meetings', {
      cookie,
      body: 'title=abc&type=general',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: ORIGIN },
    });
    expect(form.status).toBe(415);
    const big = await api('POST', '/api/meetings', {
      cookie,
      json: { title: 'x'.repeat(70 * 1024), type: 'general' },
    });
    expect(big.status).toBe(413);
    const badLimit = await api('GET', '/api/meetings?limit=0', { cookie });
    expect(badLimit.status).toBe(422);
    const badCursor = await api('GET', '/api/meetings?cursor=zzz', { cookie });
    expect(badCursor.status).toBe(422);
  });

  it('needs a session (401) and hides other users’ meetings (404)', async () => {
    const a = await signup();
    const b = await signup();
    const m = await createMeeting({ cookie: a.cookie });
    expect((await api('GET', '/api/meetings')).status).toBe(401);
    expect(
      (await api('POST', '/api/meetings', { json: { title: 'abc', type: 'general' } })).status,
    ).toBe(401);
    const noAuth = await api('POST', `/api/meetings/${m.id}/token`, { json: {} });
    expect(noAuth.status).toBe(401);
    expect(noAuth.body.error?.code).toBe('unauthenticated');
    expect((await api('GET', `/api/meetings/${m.id}`, { cookie: b.cookie })).status).toBe(404);
    expect(
      (await api('POST', `/api/meetings/${m.id}/token`, { cookie: b.cookie, json: {} })).status,
    ).toBe(404);
    expect(
      (
        await api('POST', `/api/meetings/${crypto.randomUUID()}/token`, {
          cookie: a.cookie,
          json: {},
        })
      ).status,
    ).toBe(404);
    expect(
      (await api('POST', '/api/meetings/not-a-uuid/token', { cookie: a.cookie, json: {} })).status,
    ).toBe(404);
    const list = await api('GET', '/api/meetings', { cookie: b.cookie });
    expect(list.body.items).toEqual([]);
  });
});

// ---------------------------------------------------------------- token

describe('token API', () => {
  it('issues a least-privilege token with agent dispatch for a new room', async () => {
    const a = await signup('Token Tester');
    const m = await createMeeting({ cookie: a.cookie });
    const r = await api('POST', `/api/meetings/${m.id}/token`, { cookie: a.cookie, json: {} });
    expect(r.status).toBe(200);
    expect(r.body.url).toBe(devEnv.LIVEKIT_PUBLIC_URL || devEnv.LIVEKIT_URL);
    const claims = await new TokenVerifier(KEY, SECRET).verify(String(r.body.token));
    expect(claims.sub).toBe(a.id);
    expect(claims.name).toBe('Token Tester');
    expect((claims.exp ?? 0) - Math.floor(Date.now() / 1000)).toBeLessThanOrEqual(600);
    expect(claims.video).toEqual({
      room: m.roomName,
      roomJoin: true,
      canPublish: true,
      canSubscribe: true,
      canPublishData: true,
      canUpdateOwnMetadata: false,
    });
    const agents = (
      claims.roomConfig as unknown as { agents?: { agentName: string; metadata: string }[] }
    )?.agents;
    expect(agents).toHaveLength(1);
    expect(agents?.[0]?.agentName).toBe(devEnv.PARLEY_AGENT_NAME || 'parley');
    expect(JSON.parse(agents?.[0]?.metadata ?? '{}')).toEqual({ meetingId: m.id });
  });

  it('refuses a non-JSON body (415) and malformed JSON (400)', async () => {
    const a = await signup();
    const m = await createMeeting({ cookie: a.cookie });
    const t = await api('POST', `/api/meetings/${m.id}/token`, {
      cookie: a.cookie,
      body: 'x',
      headers: { 'content-type': 'text/plain', origin: ORIGIN },
    });
    expect(t.status).toBe(415);
    const j = await api('POST', `/api/meetings/${m.id}/token`, {
      cookie: a.cookie,
      body: '{',
      headers: { 'content-type': 'application/json' },
    });
    expect(j.status).toBe(400);
  });
});

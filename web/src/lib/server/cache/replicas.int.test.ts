/**
 * Integration: two web processes (A and B) on one database and one Redis, with the DEFAULT cache
 * settings (SESSION_CACHE_MS 5000, ACCESS_CACHE_MS 2000). A change made through A is refused by B
 * at once: revoked sessions (also by a password reset), revoked API tokens, a new display name,
 * team members removed (also taken out of the live room), deleted meetings. A third process C
 * reaches Redis through a proxy that is cut: it must stop serving from its caches (within its
 * one-second liveness bound), and use them again once its subscription is back.
 *
 * Each case first shows that B really serves from its cache (a row deleted behind the app's back
 * is still accepted), so a pass cannot come from caches being off.
 */
import { createHash, randomBytes } from 'node:crypto';
import { Room, RoomEvent } from '@livekit/rtc-node';
import { startTcpProxy, waitFor, type TcpProxy } from '@parley/testkit';
import { createSession, issuePasswordReset } from '@parley/db';
import { RoomServiceClient } from 'livekit-server-sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  call,
  devEnv,
  postForm,
  postSignedWebhook,
  signupUser,
  startTestServer,
  type Caller,
  type TestServer,
} from '../testing/server.ts';

const KEY = devEnv.LIVEKIT_API_KEY ?? '';
const SECRET = devEnv.LIVEKIT_API_SECRET ?? '';
const LK_URL = devEnv.LIVEKIT_URL ?? '';
const lk = new RoomServiceClient(LK_URL.replace(/^ws/, 'http'), KEY, SECRET);

let a: TestServer;
let b: TestServer;
let c: TestServer;
let proxy: TcpProxy;
// One deployment: the replicas share the Redis namespace (and so the invalidation channel).
const shared = { RATE_LIMIT_PREFIX: `test-replicas-${process.pid}-${Date.now()}` };

const CACHES_ON = /caches on: invalidation channel confirmed/g;
const cachesOnCount = (s: TestServer) => (s.proc.output().match(CACHES_ON) ?? []).length;

beforeAll(async () => {
  a = await startTestServer('web-replica-a', shared);
  b = await startTestServer('web-replica-b', shared, a.testDb);
  const real = new URL(devEnv.REDIS_URL ?? 'redis://127.0.0.1:56379');
  proxy = await startTcpProxy(Number(real.port), real.hostname);
  const viaProxy = new URL(real);
  viaProxy.port = String(proxy.port);
  c = await startTestServer(
    'web-replica-c',
    { ...shared, REDIS_URL: viaProxy.toString() },
    a.testDb,
  );
  for (const s of [a, b, c]) {
    await waitFor('caches on', () => Promise.resolve(cachesOnCount(s) >= 1), 10_000, 50);
  }
}, 120_000);

afterAll(async () => {
  await c?.stop();
  await b?.stop();
  await a?.stop();
  await proxy?.close();
});

const on = (s: TestServer) => (method: string, path: string, opts: Parameters<typeof call>[3]) =>
  call(s.base, method, path, opts);

const sessionId = (cookie: string) =>
  createHash('sha256')
    .update(cookie.split('=')[1] ?? '')
    .digest('hex');

/** A session row written straight into the database (no app involved); returns its cookie. */
async function rawSession(s: TestServer, userId: string): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  const day = 86_400_000;
  await createSession(s.db, {
    id: createHash('sha256').update(token).digest('hex'),
    userId,
    expiresAt: new Date(Date.now() + day),
    absoluteExpiresAt: new Date(Date.now() + 2 * day),
  });
  return `parley_session=${token}`;
}

async function deleteSessionRow(s: TestServer, cookie: string) {
  await s.db.deleteFrom('sessions').where('id', '=', sessionId(cookie)).execute();
}

const me = async (s: TestServer, caller: Caller) => (await on(s)('GET', '/api/me', caller)).status;

/** Proves `s` serves sessions from its cache: a session deleted behind its back still works. */
async function expectSessionCacheOn(s: TestServer, userId: string) {
  const probe = await rawSession(s, userId);
  expect(await me(s, { cookie: probe })).toBe(200);
  await deleteSessionRow(s, probe);
  expect(await me(s, { cookie: probe })).toBe(200);
}

/** Polls `s` until `caller` is refused; returns how long that took after `since`. */
async function refusedWithin(s: TestServer, caller: Caller, since: number, limitMs: number) {
  for (;;) {
    const status = await me(s, caller);
    const ms = performance.now() - since;
    if (status === 401) return ms;
    if (ms > limitMs) throw new Error(`still ${status} after ${Math.round(ms)} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Through A: an owner, a member of the owner's team, and a team meeting without AI. */
async function teamMeeting() {
  const owner = await signupUser(a.base, 'Owner Olga');
  const member = await signupUser(a.base, 'Member Max');
  const o = { cookie: owner.cookie };
  const team = await on(a)('POST', '/api/teams', { ...o, json: { name: 'Replica team' } });
  const teamId = (team.body.team as { id: string }).id;
  const inv = await on(a)('POST', `/api/teams/${teamId}/invites`, { ...o, json: {} });
  const accepted = await on(a)('POST', '/api/invites/accept', {
    cookie: member.cookie,
    json: { token: inv.body.token },
  });
  expect(accepted.status).toBe(200);
  const created = await on(a)('POST', '/api/meetings', {
    ...o,
    json: { title: 'Team sync', type: 'general', teamId, aiEnabled: false },
  });
  const meeting = created.body.meeting as { id: string; roomName: string };
  return { owner, member, teamId, meeting };
}

describe('two web processes with default cache settings', () => {
  it('a session revoked through A is refused by B within 1 s (logout, log-out-everywhere, password change)', async () => {
    const u = await signupUser(a.base);
    await expectSessionCacheOn(b, u.id);

    const one = await rawSession(a, u.id);
    expect(await me(b, { cookie: one })).toBe(200);
    let t = performance.now();
    expect((await on(a)('POST', '/api/auth/logout', { cookie: one })).status).toBe(204);
    expect(await refusedWithin(b, { cookie: one }, t, 1_000)).toBeLessThan(1_000);

    const two = [await rawSession(a, u.id), await rawSession(a, u.id)];
    for (const ck of two) expect(await me(b, { cookie: ck })).toBe(200);
    t = performance.now();
    expect((await on(a)('POST', '/api/auth/logout-all', { cookie: two[0] })).status).toBe(204);
    for (const ck of two) {
      expect(await refusedWithin(b, { cookie: ck }, t, 1_000)).toBeLessThan(1_000);
    }

    const current = await rawSession(a, u.id);
    const other = await rawSession(a, u.id);
    expect(await me(b, { cookie: other })).toBe(200);
    t = performance.now();
    const pw = await on(a)('POST', '/api/me/password', {
      cookie: current,
      json: { currentPassword: u.password, newPassword: 'a brand new passphrase' },
    });
    expect(pw.status).toBe(204);
    expect(await refusedWithin(b, { cookie: other }, t, 1_000)).toBeLessThan(1_000);
  });

  it('a password reset through A ends the sessions B serves; a new name shows on B at once', async () => {
    const u = await signupUser(a.base, 'Reset Rhea');
    await expectSessionCacheOn(b, u.id);
    const other = await rawSession(a, u.id);
    expect((await on(b)('GET', '/api/me', { cookie: other })).body.user).toMatchObject({
      name: 'Reset Rhea',
    });
    // The emailed link, made here (the email itself is the password reset test's).
    const token = await issuePasswordReset(a.db, u.id);
    const t = performance.now();
    const reset = await postForm(a.base, `/reset/${token}`, {
      password: 'reset passphrase',
      confirm: 'reset passphrase',
    });
    expect(reset.status).toBe(303);
    expect(await refusedWithin(b, { cookie: other }, t, 1_000)).toBeLessThan(1_000);

    const fresh = reset.res.headers.getSetCookie()[0]?.split(';')[0] ?? '';
    expect((await on(b)('GET', '/api/me', { cookie: fresh })).body.user).toMatchObject({
      name: 'Reset Rhea',
    });
    const renamed = await on(a)('PATCH', '/api/me', {
      cookie: fresh,
      json: { name: 'Rhea Renamed' },
    });
    expect(renamed.status).toBe(200);
    expect((await on(b)('GET', '/api/me', { cookie: fresh })).body.user).toMatchObject({
      name: 'Rhea Renamed',
    });
    const blank = await on(a)('PATCH', '/api/me', { cookie: fresh, json: { name: '  ' } });
    expect(blank.status).toBe(422);
    expect(blank.body.error?.fields).toHaveProperty('name');
    expect((await on(a)('PATCH', '/api/me', { cookie: fresh, json: {} })).status).toBe(422);
  });

  it('an API token revoked through A is refused by B at once', async () => {
    const u = await signupUser(a.base);
    const created = await on(a)('POST', '/api/me/tokens', {
      cookie: u.cookie,
      json: { name: 'script' },
    });
    const bearer = String(created.body.token);
    const id = (created.body.apiToken as { id: string }).id;
    expect((await on(b)('GET', '/api/meetings', { bearer })).status).toBe(200);
    expect((await on(a)('DELETE', `/api/me/tokens/${id}`, { cookie: u.cookie })).status).toBe(204);
    const r = await on(b)('GET', '/api/meetings', { bearer });
    expect(r.status).toBe(401);
    expect(r.body.error?.code).toBe('invalid_token');
  });

  it('a member removed through A gets no token from B and leaves the live room; an old token cannot bring them back', async () => {
    const { owner, member, teamId, meeting } = await teamMeeting();
    const o = { cookie: owner.cookie };
    const tokenPath = `/api/meetings/${meeting.id}/token`;
    const m = { cookie: member.cookie, json: {} };

    // B caches the member's access: a membership deleted behind its back still gets a token.
    expect((await on(b)('POST', tokenPath, m)).status).toBe(200);
    const row = await a.db
      .selectFrom('team_members')
      .selectAll()
      .where('team_id', '=', teamId)
      .where('user_id', '=', member.id)
      .executeTakeFirstOrThrow();
    await a.db
      .deleteFrom('team_members')
      .where('team_id', '=', teamId)
      .where('user_id', '=', member.id)
      .execute();
    expect((await on(b)('POST', tokenPath, m)).status).toBe(200);
    await a.db.insertInto('team_members').values(row).execute();

    const ownerRoom = new Room();
    const memberRoom = new Room();
    const issued = await on(b)('POST', tokenPath, m);
    expect(issued.status).toBe(200);
    const memberJwt = String(issued.body.token);
    let removed = false;
    memberRoom.on(RoomEvent.Disconnected, () => {
      removed = true;
    });
    try {
      const ownerTok = await on(a)('POST', tokenPath, { ...o, json: {} });
      await ownerRoom.connect(LK_URL, String(ownerTok.body.token), {
        autoSubscribe: false,
        dynacast: false,
      });
      await memberRoom.connect(LK_URL, memberJwt, { autoSubscribe: false, dynacast: false });

      const del = await on(a)('DELETE', `/api/teams/${teamId}/members/${member.id}`, o);
      expect(del.status, JSON.stringify(del.body)).toBe(204);
      expect((await on(b)('POST', tokenPath, m)).status).toBe(404);
      await waitFor('member removed from the room', () => Promise.resolve(removed), 5_000, 20);
      const left = (await lk.listParticipants(meeting.roomName)).map((p) => p.identity);
      expect(left).toContain(owner.id);
      expect(left).not.toContain(member.id);

      // Rejoining with the token issued before the removal: LiveKit lets them in, the
      // participant_joined webhook (to either replica) takes them out again.
      const again = new Room();
      let outAgain = false;
      again.on(RoomEvent.Disconnected, () => {
        outAgain = true;
      });
      await again.connect(LK_URL, memberJwt, { autoSubscribe: false, dynacast: false });
      const p = await lk.getParticipant(meeting.roomName, member.id);
      const event = {
        event: 'participant_joined',
        id: `EV_${meeting.id}_rejoin`,
        createdAt: String(Math.floor(Date.now() / 1000)),
        room: { sid: 'RM_replicas', name: meeting.roomName },
        participant: { sid: p.sid, identity: member.id, name: 'Member Max' },
      };
      expect(await postSignedWebhook(b.base, event)).toBe(200);
      await waitFor('rejoin removed', () => Promise.resolve(outAgain), 5_000, 20);
      await again.disconnect().catch(() => undefined);
    } finally {
      await memberRoom.disconnect().catch(() => undefined);
      await ownerRoom.disconnect().catch(() => undefined);
    }
  });

  it('a guest link revoked through A: its guest gets no token from B and leaves the live room, for good', async () => {
    const { owner, meeting } = await teamMeeting();
    const o = { cookie: owner.cookie };
    const link = await on(a)('POST', `/api/meetings/${meeting.id}/guest-links`, { ...o, json: {} });
    const joined = await on(b)('POST', '/api/guest/join', {
      json: { token: link.body.token, displayName: 'Guest Gail' },
    });
    const bearer = String(joined.body.guestToken);
    const identity = String(joined.body.identity);
    const tokenPath = `/api/meetings/${meeting.id}/token`;
    const issued = await on(b)('POST', tokenPath, { bearer, json: {} });
    expect(issued.status).toBe(200);
    const jwt = String(issued.body.token);
    const open: Room[] = [];
    const connect = async () => {
      const room = new Room();
      open.push(room);
      let gone = false;
      room.on(RoomEvent.Disconnected, () => {
        gone = true;
      });
      await room.connect(LK_URL, jwt, { autoSubscribe: false, dynacast: false });
      return () => Promise.resolve(gone);
    };
    try {
      const host = new Room();
      open.push(host);
      const hostTok = await on(a)('POST', tokenPath, { ...o, json: {} });
      await host.connect(LK_URL, String(hostTok.body.token), {
        autoSubscribe: false,
        dynacast: false,
      });
      const first = await connect();
      const linkId = (link.body.link as { id: string }).id;
      const del = await on(a)('DELETE', `/api/meetings/${meeting.id}/guest-links/${linkId}`, o);
      expect(del.status, JSON.stringify(del.body)).toBe(204);
      expect((await on(b)('POST', tokenPath, { bearer, json: {} })).status).toBe(401);
      await waitFor('guest removed from the room', first, 5_000, 20);
      // Back with the LiveKit token issued before: the participant_joined webhook takes them out.
      const again = await connect();
      const p = await lk.getParticipant(meeting.roomName, identity);
      expect(
        await postSignedWebhook(b.base, {
          event: 'participant_joined',
          id: `EV_${meeting.id}_guest_rejoin`,
          createdAt: String(Math.floor(Date.now() / 1000)),
          room: { sid: 'RM_replicas_guest', name: meeting.roomName },
          participant: { sid: p.sid, identity, name: 'Guest Gail' },
        }),
      ).toBe(200);
      await waitFor('guest rejoin removed', again, 5_000, 20);
    } finally {
      for (const r of open) await r.disconnect().catch(() => undefined);
    }
  });

  it('a meeting deleted through A gets no token from B', async () => {
    const u = await signupUser(a.base);
    const created = await on(a)('POST', '/api/meetings', {
      cookie: u.cookie,
      json: { title: 'Short lived', type: 'general', aiEnabled: false },
    });
    const id = (created.body.meeting as { id: string }).id;
    const tok = () => on(b)('POST', `/api/meetings/${id}/token`, { cookie: u.cookie, json: {} });
    expect((await tok()).status).toBe(200);
    expect((await on(a)('DELETE', `/api/meetings/${id}`, { cookie: u.cookie })).status).toBe(204);
    expect((await tok()).status).toBe(404);
  });
});

describe('the first token request of a session (session and access read in one query)', () => {
  it('answers as the access rules say', async () => {
    const { owner, member, meeting } = await teamMeeting();
    const stranger = await signupUser(a.base);
    const id = meeting.id;
    const first = async (userId: string, meetingId: string) =>
      (
        await on(b)('POST', `/api/meetings/${meetingId}/token`, {
          cookie: await rawSession(a, userId),
          json: {},
        })
      ).status;
    expect(await first(owner.id, id)).toBe(200);
    expect(await first(member.id, id)).toBe(200);
    expect(await first(stranger.id, id)).toBe(404);
    expect(await first(owner.id, crypto.randomUUID())).toBe(404);
    expect(await first(owner.id, 'not-a-meeting')).toBe(404);
    const expired = await rawSession(a, owner.id);
    await a.db
      .updateTable('sessions')
      .set({ expires_at: new Date(Date.now() - 1000) })
      .where('id', '=', sessionId(expired))
      .execute();
    const r = await on(b)('POST', `/api/meetings/${id}/token`, { cookie: expired, json: {} });
    expect(r.status).toBe(401);
  });
});

describe('a process that cannot reach Redis', () => {
  it('stops serving from its caches within a second, and serves them again once resubscribed', async () => {
    const u = await signupUser(a.base);
    await expectSessionCacheOn(c, u.id);
    const cached = await rawSession(c, u.id);
    expect(await me(c, { cookie: cached })).toBe(200);
    const before = cachesOnCount(c);

    proxy.down();
    const cut = performance.now();
    await deleteSessionRow(c, cached);
    // The cache still holds it, but C may have missed invalidations: it asks the database as soon
    // as it sees the connection close, at the latest once its last heartbeat is a second old
    // (LIVENESS_MS; a request can be handled before the close is, so not always at once).
    await refusedWithin(c, { cookie: cached }, cut, 1_500);
    const live = await rawSession(c, u.id);
    expect(await me(c, { cookie: live })).toBe(200);

    proxy.up();
    await waitFor('resubscribed', () => Promise.resolve(cachesOnCount(c) > before), 15_000, 50);
    await expectSessionCacheOn(c, u.id);
  });
});

/**
 * Integration: teams, roles and the one authorization module (role × action matrix), guests with
 * real LiveKit joins (rtc-node), moderation, rejoin, meeting lifecycle, webhooks and the reconciler,
 * sessions, API tokens, CSRF and rate limits — against the built server, Postgres, Redis, LiveKit
 * and MinIO from `.data/dev.env`.
 */
import { createHash } from 'node:crypto';
import {
  AudioSource,
  LocalAudioTrack,
  LocalVideoTrack,
  Room,
  RoomEvent,
  TrackPublishOptions,
  TrackSource,
  VideoSource,
} from '@livekit/rtc-node';
import { waitFor } from '@parley/testkit';
import { AccessToken, RoomServiceClient, TokenVerifier } from 'livekit-server-sdk';
import { Client as Minio } from 'minio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ORIGIN,
  call,
  devEnv,
  signupUser,
  startTestServer,
  type Caller,
  type TestServer,
} from '#lib/server/testing/server.ts';

const KEY = devEnv.LIVEKIT_API_KEY ?? '';
const SECRET = devEnv.LIVEKIT_API_SECRET ?? '';
const LK_URL = devEnv.LIVEKIT_URL ?? '';
const rooms = new RoomServiceClient(LK_URL.replace(/^ws/, 'http'), KEY, SECRET);

let s: TestServer;
const api = (method: string, path: string, opts: Parameters<typeof call>[3] = {}) =>
  call(s.base, method, path, opts);

beforeAll(async () => {
  s = await startTestServer('web-access', {
    RECONCILE_INTERVAL_SECONDS: '1',
  });
});

afterAll(async () => {
  await s?.stop();
});

async function createMeeting(c: Caller, json: Record<string, unknown> = {}) {
  const r = await api('POST', '/api/meetings', {
    ...c,
    json: { title: 'Quarterly review', type: 'general', ...json },
  });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body.meeting as { id: string; roomName: string; checklist: { id: string }[] };
}

async function createTeam(c: Caller, name = 'Acme Ventures') {
  const r = await api('POST', '/api/teams', { ...c, json: { name } });
  expect(r.status).toBe(201);
  return (r.body.team as { id: string }).id;
}

async function inviteAndJoin(owner: Caller, teamId: string, joiner: Caller, role: string) {
  const inv = await api('POST', `/api/teams/${teamId}/invites`, { ...owner, json: { role } });
  expect(inv.status).toBe(201);
  const token = String(inv.body.token);
  const acc = await api('POST', '/api/invites/accept', { ...joiner, json: { token } });
  expect(acc.status).toBe(200);
  return token;
}

async function guestFor(host: Caller, meetingId: string, displayName = 'Guest Gail') {
  const link = await api('POST', `/api/meetings/${meetingId}/guest-links`, { ...host, json: {} });
  expect(link.status).toBe(201);
  const token = String(link.body.token);
  const join = await api('POST', '/api/guest/join', { json: { token, displayName } });
  expect(join.status).toBe(201);
  return {
    bearer: String(join.body.guestToken),
    identity: String(join.body.identity),
    linkId: (link.body.link as { id: string }).id,
    linkToken: token,
  };
}

// ---------------------------------------------------------------- role × action matrix

describe('role × action matrix', () => {
  type Role = 'owner' | 'team_admin' | 'team_member' | 'guest' | 'stranger' | 'anonymous';
  const callers = {} as Record<Role, Caller>;
  let teamId = '';

  beforeAll(async () => {
    const owner = await signupUser(s.base, 'Owner Olga');
    const admin = await signupUser(s.base, 'Admin Ann');
    const member = await signupUser(s.base, 'Member Max');
    const stranger = await signupUser(s.base, 'Stranger Sam');
    teamId = await createTeam({ cookie: owner.cookie });
    await inviteAndJoin({ cookie: owner.cookie }, teamId, { cookie: admin.cookie }, 'admin');
    await inviteAndJoin({ cookie: owner.cookie }, teamId, { cookie: member.cookie }, 'member');
    callers.owner = { cookie: owner.cookie };
    callers.team_admin = { cookie: admin.cookie };
    callers.team_member = { cookie: member.cookie };
    callers.stranger = { cookie: stranger.cookie };
    callers.anonymous = {};
  });

  /** Each operation, with the status every role must get (x = "the meeting was not found"). */
  const ops: {
    name: string;
    run: (c: Caller, id: string) => ReturnType<typeof api>;
    expect: Record<Role, number>;
  }[] = [
    {
      name: 'read',
      run: (c, id) => api('GET', `/api/meetings/${id}`, c),
      expect: {
        owner: 200,
        team_admin: 200,
        team_member: 200,
        guest: 404,
        stranger: 404,
        anonymous: 401,
      },
    },
    {
      name: 'update',
      run: (c, id) => api('PATCH', `/api/meetings/${id}`, { ...c, json: { subject: 'Acme Corp' } }),
      expect: {
        owner: 200,
        team_admin: 200,
        team_member: 403,
        guest: 404,
        stranger: 404,
        anonymous: 401,
      },
    },
    {
      name: 'join (token)',
      run: (c, id) => api('POST', `/api/meetings/${id}/token`, { ...c, json: {} }),
      expect: {
        owner: 200,
        team_admin: 200,
        team_member: 200,
        guest: 200,
        stranger: 404,
        anonymous: 401,
      },
    },
    {
      name: 'attendance',
      run: (c, id) => api('GET', `/api/meetings/${id}/attendance`, c),
      expect: {
        owner: 200,
        team_admin: 200,
        team_member: 200,
        guest: 404,
        stranger: 404,
        anonymous: 401,
      },
    },
    {
      name: 'create guest link',
      run: (c, id) => api('POST', `/api/meetings/${id}/guest-links`, { ...c, json: {} }),
      expect: {
        owner: 201,
        team_admin: 201,
        team_member: 403,
        guest: 404,
        stranger: 404,
        anonymous: 401,
      },
    },
    {
      name: 'list guest links',
      run: (c, id) => api('GET', `/api/meetings/${id}/guest-links`, c),
      expect: {
        owner: 200,
        team_admin: 200,
        team_member: 403,
        guest: 404,
        stranger: 404,
        anonymous: 401,
      },
    },
    {
      // Allowed roles pass the permission check and get "participant not in the room".
      name: 'moderate (mute)',
      run: (c, id) =>
        api('POST', `/api/meetings/${id}/participants/nobody/mute`, { ...c, json: {} }),
      expect: {
        owner: 404,
        team_admin: 404,
        team_member: 403,
        guest: 404,
        stranger: 404,
        anonymous: 401,
      },
    },
    {
      name: 'moderate (remove)',
      run: (c, id) => api('POST', `/api/meetings/${id}/participants/nobody/remove`, c),
      expect: {
        owner: 404,
        team_admin: 404,
        team_member: 403,
        guest: 404,
        stranger: 404,
        anonymous: 401,
      },
    },
    {
      name: 'end',
      run: (c, id) => api('POST', `/api/meetings/${id}/end`, c),
      expect: {
        owner: 200,
        team_admin: 200,
        team_member: 403,
        guest: 404,
        stranger: 404,
        anonymous: 401,
      },
    },
    {
      name: 'delete',
      run: (c, id) => api('DELETE', `/api/meetings/${id}`, c),
      expect: {
        owner: 204,
        team_admin: 204,
        team_member: 403,
        guest: 404,
        stranger: 404,
        anonymous: 401,
      },
    },
  ];

  const roles: Role[] = ['owner', 'team_admin', 'team_member', 'guest', 'stranger', 'anonymous'];

  it.each(ops.map((o) => [o.name, o] as const))('%s', async (_name, op) => {
    for (const role of roles) {
      // A fresh team meeting per role, so deleting or ending never affects the next caller.
      const m = await createMeeting(callers.owner, { teamId });
      const caller =
        role === 'guest' ? { bearer: (await guestFor(callers.owner, m.id)).bearer } : callers[role];
      const r = await op.run(caller, m.id);
      expect(r.status, `${op.name} as ${role}: ${JSON.stringify(r.body)}`).toBe(op.expect[role]);
      if (r.status >= 400) {
        expect(typeof r.body.error?.code).toBe('string');
        expect(typeof r.body.error?.message).toBe('string');
      }
      if (op.expect[role] === 404 && ['guest', 'stranger'].includes(role)) {
        expect(r.body.error?.message).toBe('Meeting not found.');
      }
    }
  });

  it('a guest of another meeting sees nothing of this one', async () => {
    const a = await createMeeting(callers.owner);
    const b = await createMeeting(callers.owner);
    const g = await guestFor(callers.owner, a.id);
    expect(
      (await api('POST', `/api/meetings/${b.id}/token`, { bearer: g.bearer, json: {} })).status,
    ).toBe(404);
    expect((await api('GET', '/api/meetings', { bearer: g.bearer })).status).toBe(403);
  });

  it('lists only visible meetings (owner OR team member), filtered in SQL', async () => {
    const other = await signupUser(s.base);
    await createMeeting({ cookie: other.cookie }, { title: 'Private to other' });
    const list = await api('GET', '/api/meetings?limit=100', callers.team_member);
    const titles = (list.body.items as { title: string; teamId: string }[]).map((m) => m.title);
    expect(titles).not.toContain('Private to other');
    expect((list.body.items as { teamId: string }[]).every((m) => m.teamId === teamId)).toBe(true);
    const strangerList = await api('GET', '/api/meetings', callers.stranger);
    expect(strangerList.body.items).toEqual([]);
  });

  it('team members cannot create team meetings; strangers cannot use the team', async () => {
    const asMember = await api('POST', '/api/meetings', {
      ...callers.team_member,
      json: { title: 'Sneaky', type: 'general', teamId },
    });
    expect(asMember.status).toBe(403);
    const asStranger = await api('POST', '/api/meetings', {
      ...callers.stranger,
      json: { title: 'Sneaky', type: 'general', teamId },
    });
    expect(asStranger.status).toBe(422);
    expect(asStranger.body.error?.fields).toHaveProperty('teamId');
  });

  it('pages follow the same rules (404 for strangers, 403 for member actions)', async () => {
    const m = await createMeeting(callers.owner, { teamId, title: 'Page matrix' });
    const page = (c: Caller) =>
      fetch(`${s.base}/meetings/${m.id}`, {
        headers: { cookie: c.cookie ?? '' },
        redirect: 'manual',
      });
    expect((await page(callers.team_member)).status).toBe(200);
    expect((await page(callers.stranger)).status).toBe(404);
    const del = await fetch(`${s.base}/meetings/${m.id}?/delete`, {
      method: 'POST',
      headers: {
        cookie: callers.team_member.cookie ?? '',
        origin: ORIGIN,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: '',
      redirect: 'manual',
    });
    expect(del.status).toBe(403);
    expect((await api('GET', `/api/meetings/${m.id}`, callers.owner)).status).toBe(200);
  });
});

// ---------------------------------------------------------------- teams

describe('teams', () => {
  it('invites are single-use and expire; roles are enforced', async () => {
    const owner = await signupUser(s.base);
    const a = await signupUser(s.base);
    const b = await signupUser(s.base);
    const teamId = await createTeam({ cookie: owner.cookie });
    const token = await inviteAndJoin(
      { cookie: owner.cookie },
      teamId,
      { cookie: a.cookie },
      'member',
    );
    const reuse = await api('POST', '/api/invites/accept', { cookie: b.cookie, json: { token } });
    expect(reuse.status).toBe(401);
    const inv = await api('POST', `/api/teams/${teamId}/invites`, {
      cookie: owner.cookie,
      json: {},
    });
    await s.db
      .updateTable('team_invites')
      .set({ expires_at: new Date(Date.now() - 1000) })
      .where('token_hash', '=', createHash('sha256').update(String(inv.body.token)).digest('hex'))
      .execute();
    const expired = await api('POST', '/api/invites/accept', {
      cookie: b.cookie,
      json: { token: inv.body.token },
    });
    expect(expired.status).toBe(401);
    // A member may not invite; a stranger does not see the team.
    expect(
      (await api('POST', `/api/teams/${teamId}/invites`, { cookie: a.cookie, json: {} })).status,
    ).toBe(403);
    expect((await api('GET', `/api/teams/${teamId}`, { cookie: b.cookie })).status).toBe(404);
    const detail = await api('GET', `/api/teams/${teamId}`, { cookie: a.cookie });
    expect((detail.body.members as { role: string }[]).map((m) => m.role).sort()).toEqual([
      'member',
      'owner',
    ]);
    // Promote to admin, then the admin invites.
    expect(
      (
        await api('PATCH', `/api/teams/${teamId}/members/${a.id}`, {
          cookie: owner.cookie,
          json: { role: 'admin' },
        })
      ).status,
    ).toBe(204);
    expect(
      (await api('POST', `/api/teams/${teamId}/invites`, { cookie: a.cookie, json: {} })).status,
    ).toBe(201);
    // The last owner cannot be demoted.
    expect(
      (
        await api('PATCH', `/api/teams/${teamId}/members/${owner.id}`, {
          cookie: owner.cookie,
          json: { role: 'member' },
        })
      ).status,
    ).toBe(409);
    expect(
      (
        await api('PATCH', `/api/teams/${teamId}/members/${a.id}`, {
          cookie: owner.cookie,
          json: { role: 'boss' },
        })
      ).status,
    ).toBe(422);
  });
});

// ---------------------------------------------------------------- meetings

describe('meetings', () => {
  it('prefill the checklist from the type, store edits, filter and paginate', async () => {
    const u = await signupUser(s.base);
    const c = { cookie: u.cookie };
    const m = await createMeeting(c, {
      title: 'Seed round: Acme',
      type: 'investment_screening',
      subject: 'Acme Inc',
      scheduledAt: '2026-12-01T09:30:00Z',
    });
    expect(m.checklist.map((i) => i.id)).toEqual(
      expect.arrayContaining(['team_background', 'burn_runway']),
    );
    const custom = await createMeeting(c, {
      title: 'Custom list',
      checklist: [{ title: 'Ask about pricing' }],
    });
    expect(custom.checklist).toEqual([
      {
        id: 'ask_about_pricing',
        title: 'Ask about pricing',
        description: '',
        keywords: [],
        priority: 'important',
      },
    ]);
    await createMeeting(c, { title: 'Mentoring Bob', type: 'mentoring', subject: 'Bob' });
    const edited = await api('PATCH', `/api/meetings/${custom.id}`, {
      ...c,
      json: {
        title: 'Custom list v2',
        subject: null,
        checklist: [{ id: 'x', title: 'Only item', priority: 'critical' }],
      },
    });
    expect(edited.status).toBe(200);
    expect(edited.body.meeting).toMatchObject({
      title: 'Custom list v2',
      subject: null,
      checklist: [{ id: 'x', priority: 'critical' }],
    });

    const q = async (qs: string) =>
      ((await api('GET', `/api/meetings?${qs}`, c)).body.items as { title: string }[]).map(
        (i) => i.title,
      );
    expect(await q('type=mentoring')).toEqual(['Mentoring Bob']);
    expect(await q('subject=acme%20inc')).toEqual(['Seed round: Acme']);
    expect(await q('q=v2')).toEqual(['Custom list v2']);
    expect(await q('q=%25')).toEqual([]);
    expect(await q('from=2026-11-30T00:00:00Z&to=2026-12-02T00:00:00Z')).toEqual([
      'Seed round: Acme',
    ]);
    const page1 = await api('GET', '/api/meetings?limit=2', c);
    expect((page1.body.items as unknown[]).length).toBe(2);
    const page2 = await api(
      'GET',
      `/api/meetings?limit=2&cursor=${String(page1.body.nextCursor)}`,
      c,
    );
    expect((page2.body.items as unknown[]).length).toBe(1);
    expect(page2.body.nextCursor).toBeNull();
  });

  it('validate every field with a message naming it (422), 404, 413, 415', async () => {
    const u = await signupUser(s.base);
    const c = { cookie: u.cookie };
    const bad = await api('POST', '/api/meetings', {
      ...c,
      json: {
        title: 'ab',
        type: 'party',
        subject: 'x'.repeat(300),
        teamId: 'nope',
        scheduledAt: 'tomorrow',
        checklist: 'all',
      },
    });
    expect(bad.status).toBe(422);
    const fields = bad.body.error?.fields ?? {};
    expect(Object.keys(fields).sort()).toEqual([
      'checklist',
      'scheduledAt',
      'subject',
      'teamId',
      'title',
      'type',
    ]);
    expect(fields.title).toMatch(/Title/);
    expect(fields.scheduledAt).toMatch(/scheduledAt/);
    const m = await createMeeting(c);
    const patch = await api('PATCH', `/api/meetings/${m.id}`, {
      ...c,
      json: { title: 'x'.repeat(256), owner: 'me' },
    });
    expect(patch.status).toBe(422);
    for (const q of ['type=x', 'from=yesterday', 'teamId=1', 'limit=1000', 'status=open']) {
      const r = await api('GET', `/api/meetings?${q}`, c);
      expect(r.status, q).toBe(422);
      expect(Object.keys(r.body.error?.fields ?? {})).toEqual([q.split('=')[0]]);
    }
    expect((await api('GET', `/api/meetings/${crypto.randomUUID()}`, c)).status).toBe(404);
    expect(
      (await api('PATCH', `/api/meetings/${crypto.randomUUID()}`, { ...c, json: {} })).status,
    ).toBe(404);
    expect(
      (
        await api('PATCH', `/api/meetings/${m.id}`, {
          ...c,
          body: 'title=x',
          headers: { 'content-type': 'text/plain' },
        })
      ).status,
    ).toBe(415);
    expect(
      (await api('PATCH', `/api/meetings/${m.id}`, { ...c, json: { title: 'y'.repeat(70_000) } }))
        .status,
    ).toBe(413);
    expect(
      (
        await api('POST', `/api/meetings/${m.id}/guest-links`, {
          ...c,
          json: { expiresInHours: 0 },
        })
      ).body.error?.fields,
    ).toHaveProperty('expiresInHours');
  });

  it('end deletes the LiveKit room; delete removes rows and stored objects, then 404', async () => {
    const u = await signupUser(s.base);
    const c = { cookie: u.cookie };
    const m = await createMeeting(c);
    await rooms.createRoom({ name: m.roomName });
    await s.db
      .updateTable('meetings')
      .set({ status: 'live', started_at: new Date() })
      .where('id', '=', m.id)
      .execute();
    const end = await api('POST', `/api/meetings/${m.id}/end`, c);
    expect(end.status).toBe(200);
    expect(end.body.meeting).toMatchObject({ status: 'ended' });
    expect((await rooms.listRooms([m.roomName])).length).toBe(0);

    const minio = new Minio({
      endPoint: new URL(devEnv.S3_ENDPOINT ?? '').hostname,
      port: Number(new URL(devEnv.S3_ENDPOINT ?? '').port),
      useSSL: false,
      accessKey: devEnv.S3_ACCESS_KEY ?? '',
      secretKey: devEnv.S3_SECRET_KEY ?? '',
    });
    const bucket = devEnv.S3_BUCKET ?? 'parley';
    if (!(await minio.bucketExists(bucket))) await minio.makeBucket(bucket);
    await minio.putObject(bucket, `meetings/${m.id}/recording.ogg`, Buffer.from('x'));
    await minio.putObject(bucket, `meetings/${m.id}/sub/part.json`, Buffer.from('{}'));
    const keep = await createMeeting(c);
    await minio.putObject(bucket, `meetings/${keep.id}/recording.ogg`, Buffer.from('x'));
    const g = await guestFor(c, m.id);
    expect((await api('DELETE', `/api/meetings/${m.id}`, c)).status).toBe(204);
    const left: string[] = [];
    for await (const o of minio.listObjectsV2(bucket, `meetings/${m.id}/`, true) as AsyncIterable<{
      name: string;
    }>)
      left.push(o.name);
    expect(left).toEqual([]);
    const kept: string[] = [];
    for await (const o of minio.listObjectsV2(
      bucket,
      `meetings/${keep.id}/`,
      true,
    ) as AsyncIterable<{ name: string }>)
      kept.push(o.name);
    expect(kept).toHaveLength(1);
    expect(
      await s.db.selectFrom('guest_links').selectAll().where('meeting_id', '=', m.id).execute(),
    ).toEqual([]);
    expect((await api('DELETE', `/api/meetings/${m.id}`, c)).status).toBe(404);
    expect(
      (await api('POST', `/api/meetings/${m.id}/token`, { bearer: g.bearer, json: {} })).status,
    ).toBe(401);
  });
});

// ---------------------------------------------------------------- guests and LiveKit

function connect(token: string): Promise<Room> {
  const room = new Room();
  return room.connect(LK_URL, token, { autoSubscribe: false, dynacast: false }).then(() => room);
}

async function publishMic(room: Room) {
  const source = new AudioSource(48_000, 1);
  const track = LocalAudioTrack.createAudioTrack('microphone', source);
  const opts = new TrackPublishOptions();
  opts.source = TrackSource.SOURCE_MICROPHONE;
  return room.localParticipant?.publishTrack(track, opts);
}

describe('guests', () => {
  it('get a short-lived audio-only token and cannot do more, in LiveKit or the API', async () => {
    const host = await signupUser(s.base);
    const m = await createMeeting({ cookie: host.cookie });
    const g = await guestFor({ cookie: host.cookie }, m.id, 'Gail Guest');
    const me = await api('GET', '/api/me', { bearer: g.bearer });
    expect(me.body.guest).toMatchObject({ displayName: 'Gail Guest', meetingId: m.id });
    const t = await api('POST', `/api/meetings/${m.id}/token`, { bearer: g.bearer, json: {} });
    expect(t.status).toBe(200);
    const claims = await new TokenVerifier(KEY, SECRET).verify(String(t.body.token));
    expect(claims.sub).toBe(g.identity);
    expect(claims.name).toBe('Gail Guest');
    expect((claims.exp ?? 0) - Math.floor(Date.now() / 1000)).toBeLessThanOrEqual(300);
    expect(claims.video).toMatchObject({
      roomJoin: true,
      canPublish: true,
      canSubscribe: true,
      canPublishData: true,
      canPublishSources: ['microphone'],
    });
    expect(claims.video?.roomAdmin).toBeFalsy();
    expect(claims.video?.roomRecord).toBeFalsy();
    expect(claims.video?.recorder).toBeFalsy();

    const room = await connect(String(t.body.token));
    try {
      await expect(publishMic(room)).resolves.toBeTruthy();
      const cam = LocalVideoTrack.createVideoTrack('camera', new VideoSource(320, 240));
      const camOpts = new TrackPublishOptions();
      camOpts.source = TrackSource.SOURCE_CAMERA;
      await expect(
        Promise.race([
          room.localParticipant?.publishTrack(cam, camOpts),
          new Promise((_, rej) => setTimeout(() => rej(new Error('timeout')), 8000)),
        ]),
      ).rejects.toThrow();
      // Not granted: LiveKit ignores or refuses it; either way nothing changes on the server.
      await Promise.race([
        room.localParticipant?.updateMetadata('{"role":"host"}').catch(() => undefined),
        new Promise((r) => setTimeout(r, 3000)),
      ]);
      await new Promise((r) => setTimeout(r, 500));
      const info = await rooms.getParticipant(m.roomName, g.identity);
      expect(info.metadata).toBe('');
      expect(info.tracks.map((x) => x.source)).toEqual([2 /* MICROPHONE */]);
      expect(info.permission?.canPublishSources).toEqual([2]);
    } finally {
      await room.disconnect();
    }
    // No meeting history, no host actions, no listing.
    for (const [method, path] of [
      ['GET', `/api/meetings/${m.id}`],
      ['GET', `/api/meetings/${m.id}/attendance`],
      ['POST', `/api/meetings/${m.id}/end`],
      ['POST', `/api/meetings/${m.id}/participants/${host.id}/mute`],
    ] as const) {
      expect((await api(method, path, { bearer: g.bearer })).status, path).toBe(404);
    }
    expect((await api('GET', '/api/meetings', { bearer: g.bearer })).status).toBe(403);
  });

  it('revoked or expired links are refused (401), and revoking ends the guest session', async () => {
    const host = await signupUser(s.base);
    const c = { cookie: host.cookie };
    const m = await createMeeting(c);
    const g = await guestFor(c, m.id);
    expect((await api('DELETE', `/api/meetings/${m.id}/guest-links/${g.linkId}`, c)).status).toBe(
      204,
    );
    const tok = await api('POST', `/api/meetings/${m.id}/token`, { bearer: g.bearer, json: {} });
    expect(tok.status).toBe(401);
    expect(tok.body.error?.code).toBe('invalid_token');
    const rejoin = await api('POST', '/api/guest/join', {
      json: { token: g.linkToken, displayName: 'Again' },
    });
    expect(rejoin.status).toBe(401);
    const link = await api('POST', `/api/meetings/${m.id}/guest-links`, {
      ...c,
      json: { expiresInHours: 1 },
    });
    await s.db
      .updateTable('guest_links')
      .set({ expires_at: new Date(Date.now() - 1000) })
      .where('id', '=', (link.body.link as { id: string }).id)
      .execute();
    expect(
      (
        await api('POST', '/api/guest/join', {
          json: { token: link.body.token, displayName: 'Late' },
        })
      ).status,
    ).toBe(401);
    expect(
      (await api('POST', '/api/guest/join', { json: { token: link.body.token, displayName: '' } }))
        .body.error?.fields,
    ).toHaveProperty('displayName');
    // The guest page and its cookie lead into the room page of that meeting only.
    const fresh = await api('POST', `/api/meetings/${m.id}/guest-links`, { ...c, json: {} });
    const form = await fetch(`${s.base}/g/${String(fresh.body.token)}`, {
      method: 'POST',
      headers: {
        origin: ORIGIN,
        accept: 'text/html',
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: 'displayName=Paula',
      redirect: 'manual',
    });
    expect(form.status).toBe(303);
    expect(form.headers.get('location')).toBe(`/meetings/${m.id}/room`);
    const guestCookie =
      form.headers
        .getSetCookie()
        .find((x) => x.startsWith('parley_guest='))
        ?.split(';')[0] ?? '';
    expect(guestCookie).not.toBe('');
    expect(
      (await api('POST', `/api/meetings/${m.id}/token`, { cookie: guestCookie, json: {} })).status,
    ).toBe(200);
    const list = await fetch(`${s.base}/meetings`, {
      headers: { cookie: guestCookie },
      redirect: 'manual',
    });
    expect(list.status).toBe(303);
  });
});

describe('LiveKit control', () => {
  it('force-mute reaches the target (server mute + data message); remove disconnects with a notice', async () => {
    const host = await signupUser(s.base, 'Host Hanna');
    const c = { cookie: host.cookie };
    const m = await createMeeting(c);
    const g = await guestFor(c, m.id, 'Loud Larry');
    const member = await signupUser(s.base);
    const tok = await api('POST', `/api/meetings/${m.id}/token`, { bearer: g.bearer, json: {} });
    const room = await connect(String(tok.body.token));
    const messages: { topic?: string; text: string }[] = [];
    room.on(RoomEvent.DataReceived, (payload, _p, _k, topic) => {
      messages.push({ topic, text: new TextDecoder().decode(payload) });
    });
    let mutedEvent = false;
    room.on(RoomEvent.TrackMuted, () => {
      mutedEvent = true;
    });
    let disconnected = false;
    room.on(RoomEvent.Disconnected, () => {
      disconnected = true;
    });
    try {
      await publishMic(room);
      await waitFor(
        'mic published',
        async () => (await rooms.getParticipant(m.roomName, g.identity)).tracks.length === 1,
        10_000,
        100,
      );
      // A stranger cannot (404); the client's own grants could not either (no roomAdmin).
      expect(
        (
          await api('POST', `/api/meetings/${m.id}/participants/${g.identity}/mute`, {
            cookie: member.cookie,
            json: {},
          })
        ).status,
      ).toBe(404);
      const r = await api('POST', `/api/meetings/${m.id}/participants/${g.identity}/mute`, {
        ...c,
        json: { reason: 'Background noise' },
      });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      await waitFor(
        'server-side mute',
        async () => (await rooms.getParticipant(m.roomName, g.identity)).tracks[0]?.muted === true,
        10_000,
        100,
      );
      await waitFor('moderation message', () => Promise.resolve(messages.length > 0), 10_000, 50);
      expect(messages[0]).toEqual({
        topic: 'parley.moderation',
        text: JSON.stringify({ type: 'muted', reason: 'Background noise' }),
      });
      await waitFor('local mute event', () => Promise.resolve(mutedEvent), 10_000, 50).catch(
        () => undefined,
      );

      const rm = await api('POST', `/api/meetings/${m.id}/participants/${g.identity}/remove`, c);
      expect(rm.status).toBe(200);
      await waitFor('removed', () => Promise.resolve(disconnected), 10_000, 50);
      expect(
        messages.map((x) => JSON.parse(x.text) as { type: string }).map((x) => x.type),
      ).toEqual(['muted', 'removed']);
      expect((await rooms.listParticipants(m.roomName)).map((p) => p.identity)).not.toContain(
        g.identity,
      );
    } finally {
      await room.disconnect().catch(() => undefined);
    }
  });

  it('rejoining with the same identity removes the older participant', async () => {
    const u = await signupUser(s.base);
    const c = { cookie: u.cookie };
    const m = await createMeeting(c);
    const first = await connect(
      String((await api('POST', `/api/meetings/${m.id}/token`, { ...c, json: {} })).body.token),
    );
    let firstGone = false;
    first.on(RoomEvent.Disconnected, () => {
      firstGone = true;
    });
    const firstSid = first.localParticipant?.sid;
    // Wait until the room is visible to the server API (the token route then removes the old one).
    await waitFor(
      'room listed',
      async () => (await rooms.listRooms([m.roomName])).length === 1,
      10_000,
      100,
    );
    await new Promise((r) => setTimeout(r, 2_100)); // past the "room does not exist" cache
    const second = await connect(
      String((await api('POST', `/api/meetings/${m.id}/token`, { ...c, json: {} })).body.token),
    );
    try {
      await waitFor('old participant removed', () => Promise.resolve(firstGone), 10_000, 50);
      const ps = (await rooms.listParticipants(m.roomName)).filter((p) => p.identity === u.id);
      expect(ps).toHaveLength(1);
      expect(ps[0]?.sid).not.toBe(firstSid);
    } finally {
      await first.disconnect().catch(() => undefined);
      await second.disconnect().catch(() => undefined);
    }
  });
});

// ---------------------------------------------------------------- webhooks and reconciler

function signWebhook(body: string, secret = SECRET): Promise<string> {
  const at = new AccessToken(KEY, secret);
  at.sha256 = createHash('sha256').update(body).digest('base64');
  return at.toJwt();
}

async function postWebhook(payload: object | string, auth?: string | null) {
  const body = typeof payload === 'string' ? payload : JSON.stringify(payload);
  const headers: Record<string, string> = { 'content-type': 'application/webhook+json' };
  const a = auth === undefined ? await signWebhook(body) : auth;
  if (a) headers.authorization = a;
  return (await fetch(`${s.base}/api/livekit/webhook`, { method: 'POST', headers, body })).status;
}

describe('webhooks', () => {
  it('refuse forged, tampered and unsigned events; replays change nothing', async () => {
    const u = await signupUser(s.base);
    const m = await createMeeting({ cookie: u.cookie });
    const now = String(Math.floor(Date.now() / 1000));
    const ev = {
      event: 'room_started',
      id: `EV_${m.id}_rs`,
      createdAt: now,
      room: { sid: 'RM_1', name: m.roomName },
    };
    const body = JSON.stringify(ev);
    expect(await postWebhook(body, await signWebhook(body, 'x'.repeat(40)))).toBe(401);
    expect(await postWebhook(body, null)).toBe(401);
    expect(
      await postWebhook(body.replace('room_started', 'room_finished'), await signWebhook(body)),
    ).toBe(401);
    expect(await postWebhook(body)).toBe(200);
    await s.db.updateTable('meetings').set({ status: 'ended' }).where('id', '=', m.id).execute();
    expect(await postWebhook(body)).toBe(200); // replay: ignored
    const row = await s.db
      .selectFrom('meetings')
      .select('status')
      .where('id', '=', m.id)
      .executeTakeFirstOrThrow();
    expect(row.status).toBe('ended');
  });

  it('record attendance with durations, track publications and egress state', async () => {
    const u = await signupUser(s.base, 'Ada');
    const c = { cookie: u.cookie };
    const m = await createMeeting(c);
    const room = { sid: 'RM_2', name: m.roomName };
    const t0 = Math.floor(Date.now() / 1000) - 120;
    const p = { sid: 'PA_ada', identity: u.id, name: 'Ada', joinedAt: String(t0) };
    expect(
      await postWebhook({
        event: 'participant_joined',
        id: `EV_${m.id}_j`,
        createdAt: String(t0),
        room,
        participant: p,
      }),
    ).toBe(200);
    expect(
      await postWebhook({
        event: 'track_published',
        id: `EV_${m.id}_t`,
        createdAt: String(t0 + 1),
        room,
        participant: p,
        track: { sid: 'TR_1', type: 'AUDIO', source: 'MICROPHONE' },
      }),
    ).toBe(200);
    expect(
      await postWebhook({
        event: 'participant_left',
        id: `EV_${m.id}_l`,
        createdAt: String(t0 + 90),
        room,
        participant: p,
      }),
    ).toBe(200);
    const egress = {
      egressId: 'EG_1',
      roomName: m.roomName,
      status: 'EGRESS_ACTIVE',
      startedAt: String(BigInt(t0) * 1_000_000_000n),
    };
    expect(
      await postWebhook({
        event: 'egress_started',
        id: `EV_${m.id}_e1`,
        createdAt: String(t0),
        egressInfo: egress,
      }),
    ).toBe(200);
    expect(
      await postWebhook({
        event: 'egress_ended',
        id: `EV_${m.id}_e2`,
        createdAt: String(t0 + 60),
        egressInfo: {
          ...egress,
          status: 'EGRESS_COMPLETE',
          endedAt: String(BigInt(t0 + 60) * 1_000_000_000n),
        },
      }),
    ).toBe(200);
    const att = await api('GET', `/api/meetings/${m.id}/attendance`, c);
    expect(att.body.items).toEqual([
      expect.objectContaining({ identity: u.id, userId: u.id, guest: false, durationMs: 90_000 }),
    ]);
    const tracks = await s.db
      .selectFrom('meeting_tracks')
      .selectAll()
      .where('meeting_id', '=', m.id)
      .execute();
    expect(tracks).toEqual([
      expect.objectContaining({ track_sid: 'TR_1', kind: 'audio', source: 'microphone' }),
    ]);
    const eg = await s.db
      .selectFrom('meeting_egress')
      .selectAll()
      .where('meeting_id', '=', m.id)
      .execute();
    expect(eg).toEqual([expect.objectContaining({ egress_id: 'EG_1', status: 'egress_complete' })]);
    expect(eg[0]?.started_at?.getTime()).toBe(t0 * 1000);
    expect(eg[0]?.ended_at?.getTime()).toBe((t0 + 60) * 1000);
  });

  it('lists the AI participant as "Parley AI", not by its LiveKit identity', async () => {
    const u = await signupUser(s.base, 'Ada');
    const c = { cookie: u.cookie };
    const m = await createMeeting(c);
    const t0 = Math.floor(Date.now() / 1000) - 30;
    expect(
      await postWebhook({
        event: 'participant_joined',
        id: `EV_${m.id}_agent`,
        createdAt: String(t0),
        room: { sid: 'RM_3', name: m.roomName },
        participant: {
          sid: 'PA_agent',
          identity: 'agent-AJ_x7Yb2',
          name: '',
          joinedAt: String(t0),
          kind: 'AGENT',
        },
      }),
    ).toBe(200);
    const att = await api('GET', `/api/meetings/${m.id}/attendance`, c);
    expect(att.body.items).toEqual([
      expect.objectContaining({ identity: 'agent-AJ_x7Yb2', name: 'Parley AI', guest: false }),
    ]);
  });

  it('the reconciler ends a live meeting whose room is gone without room_finished (< 60 s)', async () => {
    const u = await signupUser(s.base);
    const m = await createMeeting({ cookie: u.cookie });
    await s.db
      .updateTable('meetings')
      .set({ status: 'live', started_at: new Date(Date.now() - 10_000) })
      .where('id', '=', m.id)
      .execute();
    const live = await createMeeting({ cookie: u.cookie });
    await rooms.createRoom({ name: live.roomName, emptyTimeout: 120 });
    await s.db
      .updateTable('meetings')
      .set({ status: 'live', started_at: new Date(Date.now() - 10_000) })
      .where('id', '=', live.id)
      .execute();
    const t = Date.now();
    await waitFor(
      'reconciled',
      async () =>
        (
          await s.db
            .selectFrom('meetings')
            .select('status')
            .where('id', '=', m.id)
            .executeTakeFirstOrThrow()
        ).status === 'ended',
      60_000,
      250,
    );
    expect(Date.now() - t).toBeLessThan(60_000);
    const still = await s.db
      .selectFrom('meetings')
      .select('status')
      .where('id', '=', live.id)
      .executeTakeFirstOrThrow();
    expect(still.status).toBe('live');
    await rooms.deleteRoom(live.roomName);
  });
});

// ---------------------------------------------------------------- sessions, accounts, API tokens

const cookieOf = (r: { res: Response }) =>
  r.res.headers
    .getSetCookie()
    .find((x) => x.startsWith('parley_session='))
    ?.split(';')[0] ?? '';

describe('sessions and accounts', () => {
  it('rotate on login, expire when idle or past the absolute deadline, log out everywhere', async () => {
    const u = await signupUser(s.base);
    const login = await api('POST', '/api/auth/login', {
      cookie: u.cookie,
      json: { email: u.email, password: u.password },
    });
    expect(login.status).toBe(200);
    const rotated = cookieOf(login);
    expect(rotated).not.toBe(u.cookie);
    expect((await api('GET', '/api/me', { cookie: u.cookie })).status).toBe(401);
    expect((await api('GET', '/api/me', { cookie: rotated })).status).toBe(200);
    const hash = (ck: string) =>
      createHash('sha256')
        .update(ck.split('=')[1] ?? '')
        .digest('hex');
    // Deadlines are edited in the database behind the app's back, so on sessions it has not
    // cached yet (the app's own changes evict its caches; a direct edit does not).
    const idle = cookieOf(
      await api('POST', '/api/auth/login', { json: { email: u.email, password: u.password } }),
    );
    await s.db
      .updateTable('sessions')
      .set({ expires_at: new Date(Date.now() - 1000) })
      .where('id', '=', hash(idle))
      .execute();
    expect((await api('GET', '/api/me', { cookie: idle })).status).toBe(401);
    const l2 = cookieOf(
      await api('POST', '/api/auth/login', { json: { email: u.email, password: u.password } }),
    );
    await s.db
      .updateTable('sessions')
      .set({ absolute_expires_at: new Date(Date.now() - 1000) })
      .where('id', '=', hash(l2))
      .execute();
    expect((await api('GET', '/api/me', { cookie: l2 })).status).toBe(401);
    const a = cookieOf(
      await api('POST', '/api/auth/login', { json: { email: u.email, password: u.password } }),
    );
    const b = cookieOf(
      await api('POST', '/api/auth/login', { json: { email: u.email, password: u.password } }),
    );
    expect((await api('GET', '/api/me', { cookie: b })).status).toBe(200);
    expect(
      (await api('POST', '/api/auth/logout-all', { cookie: a, headers: { origin: ORIGIN } }))
        .status,
    ).toBe(204);
    expect((await api('GET', '/api/me', { cookie: b })).status).toBe(401);
  });

  it('change password ends other sessions; delete account hands team meetings to an admin', async () => {
    const owner = await signupUser(s.base);
    const admin = await signupUser(s.base);
    const other = cookieOf(
      await api('POST', '/api/auth/login', {
        json: { email: owner.email, password: owner.password },
      }),
    );
    const bad = await api('POST', '/api/me/password', {
      cookie: owner.cookie,
      json: { currentPassword: 'wrong password', newPassword: 'another good password' },
    });
    expect(bad.status).toBe(422);
    expect(bad.body.error?.fields).toHaveProperty('currentPassword');
    const ok = await api('POST', '/api/me/password', {
      cookie: owner.cookie,
      json: { currentPassword: owner.password, newPassword: 'another good password' },
    });
    expect(ok.status).toBe(204);
    const fresh = cookieOf(ok);
    expect((await api('GET', '/api/me', { cookie: other })).status).toBe(401);
    expect((await api('GET', '/api/me', { cookie: fresh })).status).toBe(200);

    const teamId = await createTeam({ cookie: fresh });
    await inviteAndJoin({ cookie: fresh }, teamId, { cookie: admin.cookie }, 'admin');
    const teamMeeting = await createMeeting({ cookie: fresh }, { teamId });
    const personal = await createMeeting({ cookie: fresh });
    const del = await api('DELETE', '/api/me', {
      cookie: fresh,
      json: { password: 'another good password' },
    });
    expect(del.status).toBe(200);
    expect(del.body).toEqual({ deletedMeetings: 1 });
    expect((await api('GET', '/api/me', { cookie: fresh })).status).toBe(401);
    const handed = await api('GET', `/api/meetings/${teamMeeting.id}`, { cookie: admin.cookie });
    expect(handed.body.access).toMatchObject({ role: 'owner' });
    expect(
      await s.db.selectFrom('meetings').select('id').where('id', '=', personal.id).execute(),
    ).toEqual([]);
    const team = await api('GET', `/api/teams/${teamId}`, { cookie: admin.cookie });
    expect(team.body.members).toEqual([
      expect.objectContaining({ userId: admin.id, role: 'owner' }),
    ]);
  });

  it('personal API tokens: hashed, scoped to the user, revocable, expiring', async () => {
    const u = await signupUser(s.base);
    const stranger = await signupUser(s.base);
    const foreign = await createMeeting({ cookie: stranger.cookie });
    const created = await api('POST', '/api/me/tokens', {
      cookie: u.cookie,
      json: { name: 'CI script' },
    });
    expect(created.status).toBe(201);
    const token = String(created.body.token);
    expect(token).toMatch(/^parley_pat_/);
    const stored = await s.db
      .selectFrom('api_tokens')
      .selectAll()
      .where('user_id', '=', u.id)
      .execute();
    expect(stored[0]?.token_hash).toBe(createHash('sha256').update(token).digest('hex'));
    expect(JSON.stringify(stored)).not.toContain(token.slice(12));
    const viaToken = await api('POST', '/api/meetings', {
      bearer: token,
      json: { title: 'From a script', type: 'sales' },
    });
    expect(viaToken.status).toBe(201);
    expect((await api('GET', `/api/meetings/${foreign.id}`, { bearer: token })).status).toBe(404);
    expect(
      (await api('POST', '/api/me/tokens', { bearer: token, json: { name: 'more' } })).status,
    ).toBe(403);
    const list = await api('GET', '/api/me/tokens', { bearer: token });
    expect(JSON.stringify(list.body)).not.toContain(token);
    expect((await api('GET', '/api/me', { bearer: 'parley_pat_' + 'x'.repeat(43) })).status).toBe(
      401,
    );
    const id = (created.body.apiToken as { id: string }).id;
    expect(
      (
        await api('DELETE', `/api/me/tokens/${id}`, {
          cookie: u.cookie,
          headers: { origin: ORIGIN },
        })
      ).status,
    ).toBe(204);
    const revoked = await api('GET', '/api/meetings', { bearer: token });
    expect(revoked.status).toBe(401);
    expect(revoked.body.error?.code).toBe('invalid_token');
    const e = await api('POST', '/api/me/tokens', {
      cookie: u.cookie,
      json: { name: 'short', expiresInDays: 1 },
    });
    await s.db
      .updateTable('api_tokens')
      .set({ expires_at: new Date(Date.now() - 1000) })
      .where('id', '=', (e.body.apiToken as { id: string }).id)
      .execute();
    expect((await api('GET', '/api/meetings', { bearer: String(e.body.token) })).status).toBe(401);
    expect(
      (await api('POST', '/api/me/tokens', { cookie: u.cookie, json: { name: '' } })).body.error
        ?.fields,
    ).toHaveProperty('name');
  });
});

// ---------------------------------------------------------------- CSRF and OpenAPI

describe('cross-origin writes', () => {
  it('are refused for the API and form posts; same-origin and bearer writes pass', async () => {
    const u = await signupUser(s.base);
    const evil = 'https://evil.example';
    const json = { title: 'Cross origin', type: 'general' };
    const r = await api('POST', '/api/meetings', {
      cookie: u.cookie,
      json,
      headers: { origin: evil },
    });
    expect(r.status).toBe(403);
    expect(r.body.error?.code).toBe('cross_origin');
    expect(
      (
        await api('POST', '/api/meetings', {
          cookie: u.cookie,
          json,
          headers: { 'sec-fetch-site': 'cross-site' },
        })
      ).status,
    ).toBe(403);
    const m = await createMeeting({ cookie: u.cookie });
    expect(
      (
        await api('DELETE', `/api/meetings/${m.id}`, {
          cookie: u.cookie,
          headers: { origin: evil },
        })
      ).status,
    ).toBe(403);
    const form = await fetch(`${s.base}/meetings?/create`, {
      method: 'POST',
      headers: {
        cookie: u.cookie,
        origin: evil,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: 'title=Evil+meeting&type=general',
      redirect: 'manual',
    });
    expect(form.status).toBe(403);
    const list = await api('GET', '/api/meetings?q=Evil', { cookie: u.cookie });
    expect(list.body.items).toEqual([]);
    expect(
      (await api('POST', '/api/meetings', { cookie: u.cookie, json, headers: { origin: ORIGIN } }))
        .status,
    ).toBe(201);
  });
});

describe('OpenAPI', () => {
  it('is served from the zod schemas', async () => {
    const r = await api('GET', '/api/openapi.json');
    expect(r.status).toBe(200);
    expect(r.body.openapi).toBe('3.1.0');
    expect(Object.keys(r.body.paths as object)).toEqual(
      expect.arrayContaining(['/api/meetings', '/api/meetings/{id}/token', '/api/teams']),
    );
  });
});

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
      s.testDb,
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
});

/**
 * Integration: transcription settings against the built server, Postgres, Redis and LiveKit from
 * `.data/dev.env` — a meeting's language, vocabulary and "no AI" switch (API, validation, who may
 * change them, the live room), a team's speech-to-text provider, and a pause of transcription
 * that survives a reload because the next join token carries it.
 */
import { createHmac } from 'node:crypto';
import { Room, RoomEvent } from '@livekit/rtc-node';
import { waitFor } from '@parley/testkit';
import { AgentDispatchClient, RoomServiceClient, TokenVerifier } from 'livekit-server-sdk';
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
const AGENT_NAME = devEnv.PARLEY_AGENT_NAME ?? 'parley';
const dispatches = new AgentDispatchClient(LK_URL.replace(/^ws/, 'http'), KEY, SECRET);
const rooms = new RoomServiceClient(LK_URL.replace(/^ws/, 'http'), KEY, SECRET);

let s: TestServer;
const api = (method: string, path: string, opts: Parameters<typeof call>[3] = {}) =>
  call(s.base, method, path, opts);

beforeAll(async () => {
  s = await startTestServer('web-transcription-settings');
});

afterAll(async () => {
  await s?.stop();
});

interface MeetingOut {
  id: string;
  roomName: string;
  language: string | null;
  vocabulary: string[];
  aiEnabled: boolean;
}

async function createMeeting(c: Caller, json: Record<string, unknown> = {}) {
  const r = await api('POST', '/api/meetings', {
    ...c,
    json: { title: 'Settings check', type: 'general', ...json },
  });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body.meeting as MeetingOut;
}

async function createTeam(c: Caller) {
  const r = await api('POST', '/api/teams', { ...c, json: { name: 'Acme Speech' } });
  expect(r.status).toBe(201);
  return (r.body.team as { id: string }).id;
}

async function inviteAndJoin(owner: Caller, teamId: string, joiner: Caller, role: string) {
  const inv = await api('POST', `/api/teams/${teamId}/invites`, { ...owner, json: { role } });
  expect(inv.status).toBe(201);
  const acc = await api('POST', '/api/invites/accept', {
    ...joiner,
    json: { token: String(inv.body.token) },
  });
  expect(acc.status).toBe(200);
}

async function tokenClaims(c: Caller, meetingId: string) {
  const t = await api('POST', `/api/meetings/${meetingId}/token`, { ...c, json: {} });
  expect(t.status, JSON.stringify(t.body)).toBe(200);
  return {
    token: String(t.body.token),
    claims: await new TokenVerifier(KEY, SECRET).verify(String(t.body.token)),
  };
}

/** A join token of kind `agent`, like the ones LiveKit Agents workers get. */
function agentToken(identity: string, room: string): string {
  const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const now = Math.floor(Date.now() / 1000);
  const unsigned = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64({
    iss: KEY,
    sub: identity,
    nbf: now - 5,
    exp: now + 600,
    kind: 'agent',
    video: { room, roomJoin: true, agent: true, canSubscribe: true },
  })}`;
  return `${unsigned}.${createHmac('sha256', SECRET).update(unsigned).digest('base64url')}`;
}

function connect(token: string): Promise<Room> {
  const room = new Room();
  return room.connect(LK_URL, token, { autoSubscribe: false, dynacast: false }).then(() => room);
}

describe('meeting transcription settings', () => {
  it('are created, read and updated through the API (camelCase, defaults)', async () => {
    const owner = await signupUser(s.base, 'Owner Olga');
    const c = { cookie: owner.cookie };
    const plain = await createMeeting(c);
    expect(plain).toMatchObject({ language: null, vocabulary: [], aiEnabled: true });

    const m = await createMeeting(c, {
      language: 'de-DE',
      vocabulary: ['Parley', ' LiveKit ', 'parley', 'Kysely'],
      aiEnabled: false,
    });
    expect(m).toMatchObject({
      language: 'de-DE',
      vocabulary: ['Parley', 'LiveKit', 'Kysely'],
      aiEnabled: false,
    });
    const detail = await api('GET', `/api/meetings/${m.id}`, c);
    expect(detail.status).toBe(200);
    expect(detail.body.meeting).toMatchObject({
      language: 'de-DE',
      vocabulary: ['Parley', 'LiveKit', 'Kysely'],
      aiEnabled: false,
    });
    const row = await s.db
      .selectFrom('meetings')
      .select(['language', 'vocabulary', 'ai_enabled'])
      .where('id', '=', m.id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({
      language: 'de-DE',
      vocabulary: ['Parley', 'LiveKit', 'Kysely'],
      ai_enabled: false,
    });

    const patched = await api('PATCH', `/api/meetings/${m.id}`, {
      ...c,
      json: { language: 'en', vocabulary: ['Acme'], aiEnabled: true },
    });
    expect(patched.status, JSON.stringify(patched.body)).toBe(200);
    expect(patched.body.meeting).toMatchObject({
      language: 'en',
      vocabulary: ['Acme'],
      aiEnabled: true,
    });
    // Partial updates leave the other settings alone; null returns to the server default.
    const again = await api('PATCH', `/api/meetings/${m.id}`, { ...c, json: { language: null } });
    expect(again.body.meeting).toMatchObject({ language: null, vocabulary: ['Acme'] });
    const list = await api('GET', '/api/meetings', c);
    const listed = (list.body.items as MeetingOut[]).find((x) => x.id === m.id);
    expect(listed).toMatchObject({ language: null, vocabulary: ['Acme'], aiEnabled: true });
  });

  it('answers 422 naming the field for a bad language, too many or too long terms', async () => {
    const owner = await signupUser(s.base);
    const c = { cookie: owner.cookie };
    const m = await createMeeting(c);
    const bad: [Record<string, unknown>, string][] = [
      [{ language: 'english' }, 'language'],
      [{ language: 'en_US' }, 'language'],
      [{ vocabulary: Array.from({ length: 101 }, (_, i) => `term ${i}`) }, 'vocabulary'],
      [{ vocabulary: ['x'.repeat(61)] }, 'vocabulary'],
      [{ vocabulary: [''] }, 'vocabulary'],
      [{ aiEnabled: 'off' }, 'aiEnabled'],
    ];
    for (const [json, field] of bad) {
      for (const r of [
        await api('PATCH', `/api/meetings/${m.id}`, { ...c, json }),
        await api('POST', '/api/meetings', {
          ...c,
          json: { title: 'Bad settings', type: 'general', ...json },
        }),
      ]) {
        expect(r.status, JSON.stringify(json)).toBe(422);
        expect(r.body.error?.code).toBe('validation_failed');
        expect(Object.keys(r.body.error?.fields ?? {})).toEqual([field]);
        expect(r.body.error?.fields?.[field]).toMatch(new RegExp(field));
      }
    }
    const ok = await api('PATCH', `/api/meetings/${m.id}`, {
      ...c,
      json: { vocabulary: Array.from({ length: 100 }, (_, i) => `t${i}`.padEnd(60, 'x')) },
    });
    expect(ok.status).toBe(200);
  });

  it('only hosts change them: team member 403, stranger 404, team admin 200', async () => {
    const owner = await signupUser(s.base, 'Owner Olga');
    const admin = await signupUser(s.base, 'Admin Ann');
    const member = await signupUser(s.base, 'Member Max');
    const stranger = await signupUser(s.base, 'Stranger Sam');
    const teamId = await createTeam({ cookie: owner.cookie });
    await inviteAndJoin({ cookie: owner.cookie }, teamId, { cookie: admin.cookie }, 'admin');
    await inviteAndJoin({ cookie: owner.cookie }, teamId, { cookie: member.cookie }, 'member');
    const m = await createMeeting({ cookie: owner.cookie }, { teamId });

    for (const json of [{ language: 'fr' }, { vocabulary: ['Secret'] }, { aiEnabled: false }]) {
      const asMember = await api('PATCH', `/api/meetings/${m.id}`, {
        cookie: member.cookie,
        json,
      });
      expect(asMember.status).toBe(403);
      expect(asMember.body.error?.code).toBe('forbidden');
      const asStranger = await api('PATCH', `/api/meetings/${m.id}`, {
        cookie: stranger.cookie,
        json,
      });
      expect(asStranger.status).toBe(404);
      expect(asStranger.body.error?.code).toBe('not_found');
    }
    // Members still read them.
    const read = await api('GET', `/api/meetings/${m.id}`, { cookie: member.cookie });
    expect(read.body.meeting).toMatchObject({ language: null, aiEnabled: true });

    const asAdmin = await api('PATCH', `/api/meetings/${m.id}`, {
      cookie: admin.cookie,
      json: { language: 'fr', vocabulary: ['Acme'] },
    });
    expect(asAdmin.status).toBe(200);
    expect(asAdmin.body.meeting).toMatchObject({ language: 'fr', vocabulary: ['Acme'] });
  });

  it('are in the OpenAPI document', async () => {
    const doc = await api('GET', '/api/openapi.json');
    const text = JSON.stringify(doc.body);
    expect(text).toContain('"aiEnabled"');
    expect(text).toContain('"vocabulary"');
    expect(text).toContain('"sttProvider"');
  });
});

describe('team speech-to-text provider', () => {
  it('is set by owners and admins, refused for members (403) and strangers (404)', async () => {
    const owner = await signupUser(s.base);
    const admin = await signupUser(s.base);
    const member = await signupUser(s.base);
    const stranger = await signupUser(s.base);
    const teamId = await createTeam({ cookie: owner.cookie });
    await inviteAndJoin({ cookie: owner.cookie }, teamId, { cookie: admin.cookie }, 'admin');
    await inviteAndJoin({ cookie: owner.cookie }, teamId, { cookie: member.cookie }, 'member');

    const before = await api('GET', `/api/teams/${teamId}`, { cookie: member.cookie });
    expect(before.body.team).toMatchObject({ sttProvider: null });

    const set = await api('PATCH', `/api/teams/${teamId}`, {
      cookie: admin.cookie,
      json: { sttProvider: 'openai' },
    });
    expect(set.status, JSON.stringify(set.body)).toBe(200);
    expect(set.body.team).toMatchObject({ id: teamId, sttProvider: 'openai', role: 'admin' });
    const row = await s.db
      .selectFrom('teams')
      .select('stt_provider')
      .where('id', '=', teamId)
      .executeTakeFirstOrThrow();
    expect(row.stt_provider).toBe('openai');

    const asMember = await api('PATCH', `/api/teams/${teamId}`, {
      cookie: member.cookie,
      json: { sttProvider: 'local' },
    });
    expect(asMember.status).toBe(403);
    expect(asMember.body.error?.code).toBe('forbidden');
    const asStranger = await api('PATCH', `/api/teams/${teamId}`, {
      cookie: stranger.cookie,
      json: { sttProvider: 'local' },
    });
    expect(asStranger.status).toBe(404);

    const bad = await api('PATCH', `/api/teams/${teamId}`, {
      cookie: owner.cookie,
      json: { sttProvider: 'whisper' },
    });
    expect(bad.status).toBe(422);
    expect(Object.keys(bad.body.error?.fields ?? {})).toEqual(['sttProvider']);

    const reset = await api('PATCH', `/api/teams/${teamId}`, {
      cookie: owner.cookie,
      json: { sttProvider: null },
    });
    expect(reset.status).toBe(200);
    const after = await api('GET', `/api/teams/${teamId}`, { cookie: member.cookie });
    expect(after.body.team).toMatchObject({ sttProvider: null });
  });
});

describe('no AI', () => {
  it('a token for an aiEnabled=false meeting carries no room config (no agent)', async () => {
    const owner = await signupUser(s.base);
    const c = { cookie: owner.cookie };
    const off = await createMeeting(c, { aiEnabled: false });
    const { claims } = await tokenClaims(c, off.id);
    expect(claims.roomConfig).toBeUndefined();
    expect(claims.video).toMatchObject({ room: off.roomName, roomJoin: true });
    // The same for a meeting switched off later; switched on, the room config returns.
    const m = await createMeeting(c);
    expect((await tokenClaims(c, m.id)).claims.roomConfig?.agents?.[0]?.agentName).toBe(AGENT_NAME);
    await api('PATCH', `/api/meetings/${m.id}`, { ...c, json: { aiEnabled: false } });
    expect((await tokenClaims(c, m.id)).claims.roomConfig).toBeUndefined();
  });

  it('switched off while live removes the agent at once; switched on dispatches it', async () => {
    const owner = await signupUser(s.base);
    const c = { cookie: owner.cookie };
    const m = await createMeeting(c);
    const person = await connect((await tokenClaims(c, m.id)).token);
    // A stand-in for the agent: a participant of kind AGENT (the `kind` claim, which this
    // server SDK's AccessToken cannot set).
    const agent = await connect(agentToken(`agent-test-${m.id}`, m.roomName));
    let agentGone = false;
    agent.on(RoomEvent.Disconnected, () => {
      agentGone = true;
    });
    try {
      const off = await api('PATCH', `/api/meetings/${m.id}`, { ...c, json: { aiEnabled: false } });
      expect(off.status, JSON.stringify(off.body)).toBe(200);
      await waitFor('the agent removed', () => Promise.resolve(agentGone), 10_000, 50);
      const left = await rooms.listParticipants(m.roomName);
      expect(left.filter((p) => Number(p.kind) === 4)).toEqual([]);
      expect(left.map((p) => p.identity)).toContain(owner.id);

      const on = await api('PATCH', `/api/meetings/${m.id}`, { ...c, json: { aiEnabled: true } });
      expect(on.status, JSON.stringify(on.body)).toBe(200);
      const list = await dispatches.listDispatch(m.roomName);
      expect(list.some((d) => d.agentName === AGENT_NAME)).toBe(true);
    } finally {
      await agent.disconnect().catch(() => undefined);
      await person.disconnect().catch(() => undefined);
    }
  });
});

describe('pause of transcription', () => {
  it("survives a reload: the participant's next token carries parley.transcription=paused", async () => {
    const user = await signupUser(s.base);
    const c = { cookie: user.cookie };
    const m = await createMeeting(c, { aiEnabled: false });
    const first = await tokenClaims(c, m.id);
    expect(first.claims.attributes?.['parley.transcription']).toBeUndefined();
    const room = await connect(first.token);
    try {
      const paused = await api('POST', `/api/meetings/${m.id}/transcription`, {
        ...c,
        json: { paused: true },
      });
      expect(paused.status, JSON.stringify(paused.body)).toBe(200);
    } finally {
      await room.disconnect();
    }
    // "Reload": a new token for the same person.
    const next = await tokenClaims(c, m.id);
    expect(next.claims.attributes).toMatchObject({
      'parley.role': 'member',
      'parley.transcription': 'paused',
    });
    // Resuming forgets it.
    const room2 = await connect(next.token);
    try {
      const resumed = await api('POST', `/api/meetings/${m.id}/transcription`, {
        ...c,
        json: { paused: false },
      });
      expect(resumed.status).toBe(200);
    } finally {
      await room2.disconnect();
    }
    expect(
      (await tokenClaims(c, m.id)).claims.attributes?.['parley.transcription'],
    ).toBeUndefined();
  });

  it('Redis down: the token is still issued, without the attribute', async () => {
    const user = await signupUser(s.base);
    const m = await createMeeting({ cookie: user.cookie }, { aiEnabled: false });
    const noRedis = await startTestServer(
      'web-transcription-no-redis',
      { REDIS_URL: 'redis://127.0.0.1:1' },
      s.testDb,
    );
    try {
      const t = await call(noRedis.base, 'POST', `/api/meetings/${m.id}/token`, {
        cookie: user.cookie,
        json: {},
      });
      expect(t.status, JSON.stringify(t.body)).toBe(200);
      const claims = await new TokenVerifier(KEY, SECRET).verify(String(t.body.token));
      expect(claims.attributes?.['parley.transcription']).toBeUndefined();
      const pauseLog = noRedis.proc
        .output()
        .split('\n')
        .find((l) => l.includes('transcription pause unknown'));
      expect(pauseLog).toContain(`"meetingId":"${m.id}"`);
    } finally {
      await noRedis.stop();
    }
  });
});

describe('pages', () => {
  const post = (path: string, cookie: string, form: Record<string, string>) =>
    fetch(`${s.base}${path}`, {
      method: 'POST',
      headers: {
        cookie,
        origin: ORIGIN,
        accept: 'text/html',
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams(form).toString(),
      redirect: 'manual',
    });

  it('create and edit forms take language, a vocabulary textarea and the AI switch', async () => {
    const u = await signupUser(s.base);
    const created = await post('/meetings?/create', u.cookie, {
      title: 'Form meeting',
      type: 'general',
      language: 'en-GB',
      vocabulary: 'Parley\nLiveKit, Kysely\n\n',
      // aiEnabled unchecked: absent
    });
    expect(created.status).toBe(303);
    const id = (created.headers.get('location') ?? '').split('/').pop() ?? '';
    const detail = await api('GET', `/api/meetings/${id}`, { cookie: u.cookie });
    expect(detail.body.meeting).toMatchObject({
      language: 'en-GB',
      vocabulary: ['Parley', 'LiveKit', 'Kysely'],
      aiEnabled: false,
    });
    const page = await (
      await fetch(`${s.base}/meetings/${id}`, { headers: { cookie: u.cookie } })
    ).text();
    expect(page).toContain('Off (no agent, no transcript)');

    const bad = await post('/meetings?/create', u.cookie, {
      title: 'Bad form',
      type: 'general',
      language: 'English please',
      vocabulary: 'x'.repeat(61),
      aiEnabled: 'on',
    });
    expect(bad.status).toBe(422);
    const badHtml = await bad.text();
    expect(badHtml).toContain('language must be a BCP-47 language tag');
    expect(badHtml).toContain('vocabulary terms must be at most 60 characters');

    const edited = await post(`/meetings/${id}?/update`, u.cookie, {
      title: 'Form meeting',
      type: 'general',
      subject: '',
      teamId: '',
      scheduledAt: '',
      checklist: 'Agenda',
      language: '',
      vocabulary: 'Acme, Parley',
      aiEnabled: 'on',
    });
    expect(edited.status).toBe(200);
    const after = await api('GET', `/api/meetings/${id}`, { cookie: u.cookie });
    expect(after.body.meeting).toMatchObject({
      language: null,
      vocabulary: ['Acme', 'Parley'],
      aiEnabled: true,
    });
  });

  it('the room page says when AI is off', async () => {
    const u = await signupUser(s.base);
    const m = await createMeeting({ cookie: u.cookie }, { aiEnabled: false });
    const html = await (
      await fetch(`${s.base}/meetings/${m.id}/room`, { headers: { cookie: u.cookie } })
    ).text();
    expect(html).toContain('AI is off for this meeting');
    const on = await createMeeting({ cookie: u.cookie });
    const htmlOn = await (
      await fetch(`${s.base}/meetings/${on.id}/room`, { headers: { cookie: u.cookie } })
    ).text();
    expect(htmlOn).not.toContain('AI is off for this meeting');
  });

  it('the team page shows the provider; admins set it, members get no form', async () => {
    const owner = await signupUser(s.base);
    const member = await signupUser(s.base);
    const teamId = await createTeam({ cookie: owner.cookie });
    await inviteAndJoin({ cookie: owner.cookie }, teamId, { cookie: member.cookie }, 'member');
    const saved = await post(`/teams/${teamId}?/settings`, owner.cookie, { sttProvider: 'local' });
    expect(saved.status).toBe(200);
    const html = await (
      await fetch(`${s.base}/teams/${teamId}`, { headers: { cookie: member.cookie } })
    ).text();
    expect(html).toMatch(/data-testid="team-stt-provider"[^>]*>local</);
    expect(html).not.toContain('action="?/settings"');
    const refused = await post(`/teams/${teamId}?/settings`, member.cookie, {
      sttProvider: 'openai',
    });
    expect(refused.status).toBe(403);
    const bad = await post(`/teams/${teamId}?/settings`, owner.cookie, { sttProvider: 'nope' });
    expect(bad.status).toBe(422);
  });
});

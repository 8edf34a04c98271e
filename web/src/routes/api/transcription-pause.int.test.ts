/**
 * Integration: what the "no AI" switch and a pause of transcription do in the live room, against
 * the built server, Postgres, Redis and LiveKit from `.data/dev.env` — no agent for a meeting
 * without AI (removed at once when switched off, dispatched when switched on), and a pause that
 * survives a reload because the next join token carries it.
 */
import { createHmac } from 'node:crypto';
import { RoomEvent } from '@livekit/rtc-node';
import { waitFor } from '@parley/testkit';
import { AgentDispatchClient, TokenVerifier } from 'livekit-server-sdk';
import { describe, expect, it } from 'vitest';
import {
  KEY,
  LK_URL,
  SECRET,
  connect,
  rooms,
  useApiServer,
} from '#lib/server/testing/api-server.ts';
import {
  call,
  devEnv,
  signupUser,
  startTestServer,
  type Caller,
} from '#lib/server/testing/server.ts';

const AGENT_NAME = devEnv.PARLEY_AGENT_NAME ?? 'parley';
const dispatches = new AgentDispatchClient(LK_URL.replace(/^ws/, 'http'), KEY, SECRET);

const { api, createMeeting, server } = useApiServer('web-transcription-pause');

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

describe('no AI', () => {
  it('a token for an aiEnabled=false meeting carries no room config (no agent)', async () => {
    const owner = await signupUser(server().base);
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
    const owner = await signupUser(server().base);
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
    const user = await signupUser(server().base);
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
    const user = await signupUser(server().base);
    const m = await createMeeting({ cookie: user.cookie }, { aiEnabled: false });
    const noRedis = await startTestServer(
      'web-transcription-no-redis',
      { REDIS_URL: 'redis://127.0.0.1:1' },
      server().testDb,
    );
    try {
      const t = await call(noRedis.base, 'POST', `/api/meetings/${m.id}/token`, {
        cookie: user.cookie,
        json: {},
      });
      expect(t.status, JSON.stringify(t.body)).toBe(200);
      const claims = await new TokenVerifier(KEY, SECRET).verify(String(t.body.token));
      expect(claims.attributes?.['parley.transcription']).toBeUndefined();
      // Logged with the meeting's id (the web log's JSON line shape).
      const logged = noRedis.proc
        .output()
        .split('\n')
        .some((l) => l.includes('"msg":"transcription pause unknown') && l.includes(m.id));
      expect(logged).toBe(true);
    } finally {
      await noRedis.stop();
    }
  });
});

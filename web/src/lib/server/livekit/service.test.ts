import type * as sdk from 'livekit-server-sdk';
import { TokenVerifier } from 'livekit-server-sdk';
import { beforeEach, describe, expect, it, vi } from 'vitest';

const KEY = 'devkey';
const SECRET = 'a-secret-that-is-at-least-32-characters-long';

const lk = {
  rooms: [] as string[],
  participants: [] as { identity: string; kind: number }[],
  dispatches: [] as { id: string; agentName: string }[],
  removed: [] as string[],
  deletedDispatches: [] as string[],
  created: [] as string[],
  listParticipantsError: null as Error | null,
  roomLookups: 0,
  roomLookupGate: null as Promise<void> | null,
  updates: [] as [string, string, unknown][],
  updateError: null as Error | null,
};
const redis = { exists: vi.fn(), set: vi.fn(), del: vi.fn(), eval: vi.fn() };

vi.mock('../config.ts', () => ({
  config: () => ({
    livekitHttpUrl: 'http://127.0.0.1:1',
    livekitPublicUrl: 'ws://127.0.0.1:1',
    livekitApiKey: KEY,
    livekitApiSecret: SECRET,
    agentName: 'parley',
    tokenTtlSeconds: 600,
    guestTokenTtlSeconds: 300,
    rateLimitPrefix: 'p',
  }),
}));
vi.mock('../redis.ts', () => ({ getRedis: () => redis }));
vi.mock('livekit-server-sdk', async (importActual) => {
  const actual = await importActual<typeof sdk>();
  class RoomServiceClient {
    async listRooms(names: string[]) {
      await lk.roomLookupGate;
      lk.roomLookups += 1;
      return Promise.resolve(lk.rooms.filter((r) => names.includes(r)).map((name) => ({ name })));
    }
    listParticipants() {
      if (lk.listParticipantsError) return Promise.reject(lk.listParticipantsError);
      return Promise.resolve(lk.participants);
    }
    updateParticipant(room: string, identity: string, opts: unknown) {
      if (lk.updateError) return Promise.reject(lk.updateError);
      lk.updates.push([room, identity, opts]);
      return Promise.resolve({});
    }
    removeParticipant(_room: string, identity: string) {
      lk.removed.push(identity);
      return Promise.resolve();
    }
  }
  class AgentDispatchClient {
    listDispatch() {
      return Promise.resolve(lk.dispatches.map((d) => ({ ...d, state: { createdAt: 0n } })));
    }
    deleteDispatch(id: string) {
      lk.deletedDispatches.push(id);
      return Promise.resolve();
    }
    createDispatch(_room: string, agentName: string) {
      lk.created.push(agentName);
      return Promise.resolve();
    }
  }
  return { ...actual, RoomServiceClient, AgentDispatchClient };
});

const { applyAiSwitch, issueMeetingToken, setParticipantAttributes } = await import('./service.ts');

let n = 0;
const meeting = (ai_enabled = true, started_at: Date | null = null) => {
  n += 1;
  return { id: `m${n}`, room_name: `meeting-m${n}`, ai_enabled, started_at };
};
const who = { identity: 'u1', name: 'Ada', guest: false };

beforeEach(() => {
  Object.assign(lk, {
    rooms: [],
    participants: [],
    dispatches: [],
    removed: [],
    deletedDispatches: [],
    created: [],
    listParticipantsError: null,
    roomLookups: 0,
    roomLookupGate: null,
  });
  redis.exists.mockReset().mockResolvedValue(0);
  // The room lock (NX set) is taken at once.
  redis.set.mockReset().mockResolvedValue('OK');
  redis.del.mockReset().mockResolvedValue(1);
  redis.eval.mockReset().mockResolvedValue(1);
});

describe('issueMeetingToken', () => {
  it('puts no room config on the token of a "no AI" meeting and dispatches nothing', async () => {
    const t = await issueMeetingToken(who, meeting(false));
    const claims = await new TokenVerifier(KEY, SECRET).verify(t.token);
    expect(claims.roomConfig).toBeUndefined();
    expect(lk.created).toEqual([]);
    const on = await issueMeetingToken(who, meeting(true));
    const onClaims = await new TokenVerifier(KEY, SECRET).verify(on.token);
    expect(onClaims.roomConfig?.agents?.[0]?.agentName).toBe('parley');
  });

  it('answers a never-started meeting at once with the room config, and looks up behind it', async () => {
    // LiveKit slow to answer: the token does not wait for it.
    let answer = () => {};
    lk.roomLookupGate = new Promise<void>((r) => (answer = r));
    const m = meeting(true);
    const t = await issueMeetingToken(who, m);
    const claims = await new TokenVerifier(KEY, SECRET).verify(t.token);
    expect(claims.roomConfig?.agents?.[0]?.agentName).toBe('parley');
    expect(lk.created).toEqual([]);
    answer();
    await vi.waitFor(() => expect(lk.roomLookups).toBe(1));
    // No room: nothing to dispatch (the join that creates it brings the agent).
    await new Promise((r) => setTimeout(r, 20));
    expect(lk.created).toEqual([]);
  });

  it('dispatches explicitly behind the answer when a never-started meeting has a room', async () => {
    // A room made through the API (or whose room_started webhook was lost): the config on the
    // token does nothing there, the lookup behind the answer brings the agent.
    const m = meeting(true);
    lk.rooms.push(m.room_name);
    const t = await issueMeetingToken(who, m);
    expect((await new TokenVerifier(KEY, SECRET).verify(t.token)).roomConfig).toBeDefined();
    await vi.waitFor(() => expect(lk.created).toEqual(['parley']));
  });

  it('looks up the room of a started meeting and dispatches explicitly when it exists', async () => {
    const m = meeting(true, new Date());
    lk.rooms.push(m.room_name);
    const t = await issueMeetingToken(who, m);
    const claims = await new TokenVerifier(KEY, SECRET).verify(t.token);
    expect(claims.roomConfig).toBeUndefined();
    expect(lk.roomLookups).toBe(1);
    expect(lk.created).toEqual(['parley']);
    // A started meeting whose room is gone (everyone left): the config again.
    const gone = meeting(true, new Date());
    const again = await new TokenVerifier(KEY, SECRET).verify(
      (await issueMeetingToken(who, gone)).token,
    );
    expect(again.roomConfig?.agents?.[0]?.agentName).toBe('parley');
    expect(lk.roomLookups).toBe(2);
  });

  it('carries parley.transcription=paused when the pause is remembered', async () => {
    redis.exists.mockResolvedValue(1);
    const m = meeting(false);
    const t = await issueMeetingToken(who, m);
    expect(redis.exists).toHaveBeenCalledWith(`p:transcription-paused:${m.id}:u1`);
    const claims = await new TokenVerifier(KEY, SECRET).verify(t.token);
    expect(claims.attributes).toEqual({
      'parley.role': 'member',
      'parley.transcription': 'paused',
    });
  });

  it('issues the token without the attribute when Redis is down (logged, ids only)', async () => {
    redis.exists.mockRejectedValue(new Error('Connection is closed.'));
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const m = meeting(false);
    const t = await issueMeetingToken(who, m);
    const claims = await new TokenVerifier(KEY, SECRET).verify(t.token);
    expect(claims.attributes).toEqual({ 'parley.role': 'member' });
    const logged = warn.mock.calls.flat().join(' ');
    expect(logged).toContain(m.id);
    expect(logged).not.toContain('Ada');
    warn.mockRestore();
  });
});

describe('applyAiSwitch', () => {
  it('off: removes every agent participant and our dispatches, nobody else', async () => {
    const m = meeting();
    lk.rooms = [m.room_name];
    lk.participants = [
      { identity: 'u1', kind: 0 },
      { identity: 'agent-AJ_1', kind: 4 },
      { identity: 'egress', kind: 1 },
    ];
    lk.dispatches = [
      { id: 'AD_1', agentName: 'parley' },
      { id: 'AD_2', agentName: 'other' },
    ];
    expect(await applyAiSwitch(m, false)).toEqual({ removedAgents: 1, dispatched: false });
    expect(lk.removed).toEqual(['agent-AJ_1']);
    expect(lk.deletedDispatches).toEqual(['AD_1']);
  });

  it('off without a room does nothing', async () => {
    lk.listParticipantsError = Object.assign(new Error('room not found'), { status: 404 });
    expect(await applyAiSwitch(meeting(), false)).toEqual({ removedAgents: 0, dispatched: false });
    expect(lk.removed).toEqual([]);
  });

  it('on: dispatches the agent when people are in the room and no agent is', async () => {
    const m = meeting();
    lk.rooms = [m.room_name];
    lk.participants = [{ identity: 'u1', kind: 0 }];
    expect(await applyAiSwitch(m, true)).toEqual({ removedAgents: 0, dispatched: true });
    expect(lk.created).toEqual(['parley']);
    // No room (nobody there): nothing to do.
    expect((await applyAiSwitch(meeting(), true)).dispatched).toBe(false);
  });
});

describe('setParticipantAttributes', () => {
  it('sets the attributes; false when LiveKit has no such participant; other failures throw', async () => {
    const { ServerError } = await vi.importActual<typeof sdk>('livekit-server-sdk');
    lk.updates = [];
    lk.updateError = null;
    expect(await setParticipantAttributes('r', 'u1', { 'parley.hand': '1' })).toBe(true);
    expect(lk.updates).toEqual([['r', 'u1', { attributes: { 'parley.hand': '1' } }]]);
    lk.updateError = new ServerError('not_found', 'participant not found', 404, 'not_found');
    expect(await setParticipantAttributes('r', 'ghost', { 'parley.hand': '' })).toBe(false);
    lk.updateError = new Error('connection refused');
    await expect(setParticipantAttributes('r', 'u1', {})).rejects.toThrow('connection refused');
    lk.updateError = null;
  });
});

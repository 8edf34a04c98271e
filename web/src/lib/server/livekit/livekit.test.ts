import {
  AccessToken,
  RoomAgentDispatch,
  RoomConfiguration,
  TokenVerifier,
} from 'livekit-server-sdk';
import { afterEach, describe, expect, it, vi } from 'vitest';
// Import the modules directly: the index also re-exports the config-bound service.
import { planAgentDispatch, redispatchIfAgentLost, type LiveKitApis } from './dispatch.ts';
import { KeyedLock } from './lock.ts';
import { agentRoomConfig, createJoinToken, guestGrant, participantGrant } from './token.ts';

const KEY = 'devkey';
const SECRET = 'a-secret-that-is-at-least-32-characters-long';
/** Ada's token for meeting-1, for ten minutes. */
const ADA = {
  apiKey: KEY,
  apiSecret: SECRET,
  identity: 'user-1',
  name: 'Ada',
  roomName: 'meeting-1',
  ttlSeconds: 600,
};

describe('createJoinToken', () => {
  it('grants exactly the participant permissions, with identity, name and ttl', async () => {
    const jwt = createJoinToken({ ...ADA, roomConfig: agentRoomConfig('parley', 'm-1') });
    const claims = await new TokenVerifier(KEY, SECRET).verify(jwt);
    expect(claims.sub).toBe('user-1');
    expect(claims.name).toBe('Ada');
    expect((claims.exp ?? 0) - (claims.nbf ?? claims.iat ?? 0)).toBeLessThanOrEqual(600);
    expect(claims.video).toEqual({
      room: 'meeting-1',
      roomJoin: true,
      canPublish: true,
      canSubscribe: true,
      canPublishData: true,
      canUpdateOwnMetadata: false,
    });
    const agents = (
      claims.roomConfig as unknown as { agents: { agentName: string; metadata: string }[] }
    ).agents;
    expect(agents).toHaveLength(1);
    expect(agents[0]?.agentName).toBe('parley');
    expect(JSON.parse(agents[0]?.metadata ?? '{}')).toEqual({ meetingId: 'm-1' });
  });

  afterEach(() => {
    vi.useRealTimers();
  });

  it("signs the very claims the SDK's AccessToken signs, and LiveKit's verifier accepts it", async () => {
    vi.useFakeTimers({ now: new Date('2026-12-05T09:00:00.500Z'), toFake: ['Date'] });
    const decode = (jwt: string): unknown[] =>
      jwt
        .split('.')
        .slice(0, 2)
        .map((part): unknown => JSON.parse(Buffer.from(part, 'base64url').toString()));
    for (const guest of [false, true]) {
      for (const roomConfig of [undefined, agentRoomConfig('parley', 'm-1')]) {
        const attributes = { 'parley.role': guest ? 'guest' : 'member' };
        const ours = createJoinToken({ ...ADA, roomConfig, guest, attributes });
        const at = new AccessToken(KEY, SECRET, { identity: 'user-1', name: 'Ada', ttl: 600 });
        at.addGrant(guest ? guestGrant('meeting-1') : participantGrant('meeting-1'));
        at.attributes = attributes;
        if (roomConfig) {
          at.roomConfig = new RoomConfiguration({
            agents: [
              new RoomAgentDispatch({ agentName: 'parley', metadata: '{"meetingId":"m-1"}' }),
            ],
          });
        }
        expect(decode(ours)).toEqual(decode(await at.toJwt()));
        const claims = await new TokenVerifier(KEY, SECRET).verify(ours);
        expect(claims.exp).toBe(Math.floor(Date.now() / 1000) + 600);
      }
    }
    // A token signed with another secret is refused.
    const forged = createJoinToken({
      apiKey: KEY,
      apiSecret: `${SECRET}-other`,
      identity: 'u',
      name: 'n',
      roomName: 'r',
      ttlSeconds: 60,
    });
    await expect(new TokenVerifier(KEY, SECRET).verify(forged)).rejects.toThrow();
  });

  it('has no room config unless asked', async () => {
    const jwt = createJoinToken({
      apiKey: KEY,
      apiSecret: SECRET,
      identity: 'u',
      name: 'n',
      roomName: 'r',
      ttlSeconds: 60,
    });
    expect((await new TokenVerifier(KEY, SECRET).verify(jwt)).roomConfig).toBeUndefined();
  });
});

function fakeApis(opts: { roomExists: boolean; existing?: string[]; humans?: number }) {
  const dispatched: string[] = [...(opts.existing ?? [])];
  let creates = 0;
  const apis: LiveKitApis = {
    roomExists: () => Promise.resolve(opts.roomExists),
    hasAgentDispatch: async (_room, agent) => {
      await new Promise((r) => setTimeout(r, 5));
      return dispatched.includes(agent);
    },
    createAgentDispatch: async (_room, agent) => {
      await new Promise((r) => setTimeout(r, 5));
      creates += 1;
      dispatched.push(agent);
    },
    humansInRoom: () => Promise.resolve(opts.humans ?? 1),
  };
  return { apis, creates: () => creates };
}

describe('planAgentDispatch', () => {
  const opts = { roomName: 'meeting-x', agentName: 'parley', meetingId: 'x' };

  it('uses the token room config when the room does not exist', async () => {
    const f = fakeApis({ roomExists: false });
    expect(await planAgentDispatch(f.apis, opts)).toEqual({ kind: 'room_config' });
    expect(f.creates()).toBe(0);
  });

  it('dispatches once into an existing room, even under concurrent requests', async () => {
    const f = fakeApis({ roomExists: true });
    const plans = await Promise.all([1, 2, 3, 4].map(() => planAgentDispatch(f.apis, opts)));
    expect(f.creates()).toBe(1);
    expect(plans.filter((p) => p.kind === 'explicit' && p.created)).toHaveLength(1);
  });

  it('does not dispatch when our agent is already there', async () => {
    const f = fakeApis({ roomExists: true, existing: ['parley'] });
    expect(await planAgentDispatch(f.apis, opts)).toEqual({ kind: 'explicit', created: false });
    expect(f.creates()).toBe(0);
  });
});

describe('redispatchIfAgentLost', () => {
  const opts = { roomName: 'meeting-x', agentName: 'parley', meetingId: 'x' };

  it('dispatches a new agent when people remain and no agent is there', async () => {
    const f = fakeApis({ roomExists: true, humans: 2 });
    expect(await redispatchIfAgentLost(f.apis, opts)).toBe('dispatched');
    expect(await redispatchIfAgentLost(f.apis, opts)).toBe('not_needed');
    expect(f.creates()).toBe(1);
  });

  it('does nothing for an empty or finished room', async () => {
    expect(await redispatchIfAgentLost(fakeApis({ roomExists: true, humans: 0 }).apis, opts)).toBe(
      'not_needed',
    );
    expect(await redispatchIfAgentLost(fakeApis({ roomExists: false }).apis, opts)).toBe(
      'not_needed',
    );
  });
});

describe('KeyedLock', () => {
  it('serializes per key and survives failures', async () => {
    const lock = new KeyedLock();
    const order: string[] = [];
    const slow = (name: string, ms: number) => async () => {
      order.push(`start ${name}`);
      await new Promise((r) => setTimeout(r, ms));
      order.push(`end ${name}`);
      return name;
    };
    const failing = lock.run('a', () => Promise.reject(new Error('x')));
    const a = lock.run('a', slow('a1', 10));
    const b = lock.run('a', slow('a2', 1));
    await expect(failing).rejects.toThrow('x');
    expect(await Promise.all([a, b])).toEqual(['a1', 'a2']);
    expect(order).toEqual(['start a1', 'end a1', 'start a2', 'end a2']);
  });
});

/**
 * Fixtures of the API integration tests: one built server per test file (`useApiServer`), callers
 * that create meetings, teams and guests through the API, and LiveKit and webhook helpers.
 */
import {
  AudioSource,
  LocalAudioTrack,
  Room,
  TrackPublishOptions,
  TrackSource,
} from '@livekit/rtc-node';
import type { ApiMeeting } from '@parley/protocol';
import { RoomServiceClient } from 'livekit-server-sdk';
import { afterAll, beforeAll, expect } from 'vitest';
import {
  call,
  devEnv,
  postSignedWebhook,
  signupUser,
  startTestServer,
  type Caller,
  type TestServer,
} from './server.ts';

export { signWebhook } from './server.ts';

export const KEY = devEnv.LIVEKIT_API_KEY ?? '';
export const SECRET = devEnv.LIVEKIT_API_SECRET ?? '';
export const LK_URL = devEnv.LIVEKIT_URL ?? '';
export const rooms = new RoomServiceClient(LK_URL.replace(/^ws/, 'http'), KEY, SECRET);

type CallOptions = Parameters<typeof call>[3];

/**
 * Starts a server for this test file (before all, stopped after all) with `env` over the test
 * settings, and returns the API helpers bound to it; `server()` is the running server.
 */
export function useApiServer(name: string, env: Record<string, string> = {}) {
  let s: TestServer | undefined;
  beforeAll(async () => {
    s = await startTestServer(name, env);
  });
  afterAll(async () => {
    await s?.stop();
  });
  const server = (): TestServer => {
    if (!s) throw new Error('the test server is not running');
    return s;
  };
  const api = (method: string, path: string, opts: CallOptions = {}) =>
    call(server().base, method, path, opts);

  async function createMeeting(c: Caller, json: Record<string, unknown> = {}) {
    const r = await api('POST', '/api/meetings', {
      ...c,
      json: { title: 'Quarterly review', type: 'general', ...json },
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    return r.body.meeting as ApiMeeting;
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
    const link = await api('POST', `/api/meetings/${meetingId}/guest-links`, {
      ...host,
      json: {},
    });
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

  /**
   * The cast of the authorization tests: Olga owns team "Fund" and a meeting of it (`meeting`
   * overrides its fields), Max is a plain member, Sam is a stranger.
   */
  async function teamMeeting(meeting: Record<string, unknown> = {}) {
    const olga = await signupUser(server().base, 'Olga');
    const max = await signupUser(server().base, 'Max');
    const sam = await signupUser(server().base, 'Sam');
    const teamId = await createTeam(olga, 'Fund');
    await inviteAndJoin(olga, teamId, max, 'member');
    const m = await createMeeting(olga, { teamId, ...meeting });
    return { olga, max, sam, teamId, m };
  }

  /** Posts a LiveKit webhook (signed unless `auth` says otherwise); resolves with the status. */
  const postWebhook = (payload: object | string, auth?: string | null) =>
    postSignedWebhook(server().base, payload, auth);

  return {
    server,
    api,
    createMeeting,
    createTeam,
    inviteAndJoin,
    guestFor,
    teamMeeting,
    postWebhook,
  };
}

/** The access tests' server: the reconciler every second, default caches. */
export function useAccessServer() {
  return useApiServer('web-access', { RECONCILE_INTERVAL_SECONDS: '1' });
}

export function connect(token: string): Promise<Room> {
  const room = new Room();
  return room.connect(LK_URL, token, { autoSubscribe: false, dynacast: false }).then(() => room);
}

export async function publishMic(room: Room) {
  const source = new AudioSource(48_000, 1);
  const track = LocalAudioTrack.createAudioTrack('microphone', source);
  const opts = new TrackPublishOptions();
  opts.source = TrackSource.SOURCE_MICROPHONE;
  return room.localParticipant?.publishTrack(track, opts);
}

/** The session cookie a response sets (`parley_session=…`), or ''. */
export const cookieOf = (r: { res: Response }) =>
  r.res.headers
    .getSetCookie()
    .find((x) => x.startsWith('parley_session='))
    ?.split(';')[0] ?? '';

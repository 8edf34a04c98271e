/**
 * Integration: guests with real LiveKit joins (rtc-node), force-mute, remove and rejoin — against
 * the built server, Postgres, Redis, LiveKit and MinIO from `.data/dev.env`.
 */
import {
  LocalVideoTrack,
  RoomEvent,
  TrackPublishOptions,
  TrackSource,
  VideoSource,
} from '@livekit/rtc-node';
import { waitFor } from '@parley/testkit';
import { AgentDispatchClient, TokenVerifier } from 'livekit-server-sdk';
import { describe, expect, it } from 'vitest';
import {
  connect,
  KEY,
  LK_URL,
  publishMic,
  rooms,
  SECRET,
  useAccessServer,
} from '#lib/server/testing/api-server.ts';
import { devEnv, ORIGIN, signupUser } from '#lib/server/testing/server.ts';

const { api, createMeeting, guestFor, server } = useAccessServer();
const AGENT_NAME = devEnv.PARLEY_AGENT_NAME ?? 'parley';
const dispatches = new AgentDispatchClient(LK_URL.replace(/^ws/, 'http'), KEY, SECRET);

// ---------------------------------------------------------------- guests and LiveKit

describe('guests', () => {
  it('get a short-lived audio-only token and cannot do more, in LiveKit or the API', async () => {
    const host = await signupUser(server().base);
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
    const host = await signupUser(server().base);
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
    await server()
      .db.updateTable('guest_links')
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
    const form = await fetch(`${server().base}/g/${String(fresh.body.token)}`, {
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
    const list = await fetch(`${server().base}/meetings`, {
      headers: { cookie: guestCookie },
      redirect: 'manual',
    });
    expect(list.status).toBe(303);
  });
});

describe('LiveKit control', () => {
  it('force-mute reaches the target (server mute + data message); remove disconnects with a notice', async () => {
    const host = await signupUser(server().base, 'Host Hanna');
    const c = { cookie: host.cookie };
    const m = await createMeeting(c);
    const g = await guestFor(c, m.id, 'Loud Larry');
    const member = await signupUser(server().base);
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

  it("the first join creates the room with the agent dispatched (LiveKit acts on the token's room config)", async () => {
    const u = await signupUser(server().base);
    const c = { cookie: u.cookie };
    const m = await createMeeting(c);
    const t = await api('POST', `/api/meetings/${m.id}/token`, { ...c, json: {} });
    expect(t.status).toBe(200);
    expect(await dispatches.listDispatch(m.roomName).catch(() => [])).toEqual([]);
    const room = await connect(String(t.body.token));
    try {
      await waitFor(
        'agent dispatch from the room config',
        async () =>
          (await dispatches.listDispatch(m.roomName)).some((d) => d.agentName === AGENT_NAME),
        10_000,
        100,
      );
      const [d] = await dispatches.listDispatch(m.roomName);
      expect(JSON.parse(d?.metadata ?? '{}')).toEqual({ meetingId: m.id });
    } finally {
      await room.disconnect().catch(() => undefined);
    }
  });

  it('rejoining with the same identity removes the older participant', async () => {
    const u = await signupUser(server().base);
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

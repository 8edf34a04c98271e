/**
 * Integration: LiveKit webhooks (signatures, replays, attendance, egress state) and the room
 * reconciler — against the built server, Postgres, Redis, LiveKit and MinIO from `.data/dev.env`.
 */
import { waitFor } from '@parley/testkit';
import { describe, expect, it } from 'vitest';
import { rooms, signWebhook, useAccessServer } from '#lib/server/testing/api-server.ts';
import { signupUser } from '#lib/server/testing/server.ts';

const { api, createMeeting, postWebhook, server } = useAccessServer();

// ---------------------------------------------------------------- webhooks and reconciler

describe('webhooks', () => {
  it('refuse forged, tampered and unsigned events; replays change nothing', async () => {
    const u = await signupUser(server().base);
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
    await server()
      .db.updateTable('meetings')
      .set({ status: 'ended' })
      .where('id', '=', m.id)
      .execute();
    expect(await postWebhook(body)).toBe(200); // replay: ignored
    const row = await server()
      .db.selectFrom('meetings')
      .select('status')
      .where('id', '=', m.id)
      .executeTakeFirstOrThrow();
    expect(row.status).toBe('ended');
  });

  it('record attendance with durations, track publications and egress state', async () => {
    const u = await signupUser(server().base, 'Ada');
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
    const tracks = await server()
      .db.selectFrom('meeting_tracks')
      .selectAll()
      .where('meeting_id', '=', m.id)
      .execute();
    expect(tracks).toEqual([
      expect.objectContaining({ track_sid: 'TR_1', kind: 'audio', source: 'microphone' }),
    ]);
    const eg = await server()
      .db.selectFrom('meeting_egress')
      .selectAll()
      .where('meeting_id', '=', m.id)
      .execute();
    expect(eg).toEqual([expect.objectContaining({ egress_id: 'EG_1', status: 'egress_complete' })]);
    expect(eg[0]?.started_at?.getTime()).toBe(t0 * 1000);
    expect(eg[0]?.ended_at?.getTime()).toBe((t0 + 60) * 1000);
  });

  it('lists the AI participant as "Parley AI", not by its LiveKit identity', async () => {
    const u = await signupUser(server().base, 'Ada');
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
    const u = await signupUser(server().base);
    const m = await createMeeting({ cookie: u.cookie });
    await server()
      .db.updateTable('meetings')
      .set({ status: 'live', started_at: new Date(Date.now() - 10_000) })
      .where('id', '=', m.id)
      .execute();
    const live = await createMeeting({ cookie: u.cookie });
    await rooms.createRoom({ name: live.roomName, emptyTimeout: 120 });
    await server()
      .db.updateTable('meetings')
      .set({ status: 'live', started_at: new Date(Date.now() - 10_000) })
      .where('id', '=', live.id)
      .execute();
    const t = Date.now();
    await waitFor(
      'reconciled',
      async () =>
        (
          await server()
            .db.selectFrom('meetings')
            .select('status')
            .where('id', '=', m.id)
            .executeTakeFirstOrThrow()
        ).status === 'ended',
      60_000,
      250,
    );
    expect(Date.now() - t).toBeLessThan(60_000);
    const still = await server()
      .db.selectFrom('meetings')
      .select('status')
      .where('id', '=', live.id)
      .executeTakeFirstOrThrow();
    expect(still.status).toBe('live');
    await rooms.deleteRoom(live.roomName);
  });
});

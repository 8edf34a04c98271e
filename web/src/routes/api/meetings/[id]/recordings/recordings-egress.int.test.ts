/**
 * Integration: the egress path of recordings, driven by signed fake LiveKit webhook events, over
 * the built server, Postgres and Redis — egress_ended completes or fails a recording and clears
 * its Redis key, replays change nothing, and without an egress service the agent records.
 */
import { randomUUID } from 'node:crypto';
import { waitFor } from '@parley/testkit';
import { insertRecording, recordingObjectKey } from '@parley/db';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useApiServer } from '#lib/server/testing/api-server.ts';
import { devEnv, signupUser } from '#lib/server/testing/server.ts';

const PREFIX = `test-rec-${process.pid}-${Date.now()}`;

const { api, createMeeting, postWebhook, server } = useApiServer('web-recordings-egress', {
  RATE_LIMIT_PREFIX: PREFIX,
  RECORDING_MODE: 'egress',
});

let redis: Redis;
beforeAll(() => {
  redis = new Redis(devEnv.REDIS_URL ?? '');
});
afterAll(() => {
  redis?.disconnect();
});

describe('egress path (signed fake webhooks)', () => {
  it('egress_ended completes or fails the recording and clears its Redis key; replays change nothing', async () => {
    const owner = await signupUser(server().base);
    const m = await createMeeting({ cookie: owner.cookie });
    const t0 = Math.floor(Date.now() / 1000) - 60;
    const cases = [
      { egressId: `EG_ok_${m.id}`, status: 'EGRESS_COMPLETE', want: 'completed', error: null },
      {
        egressId: `EG_fail_${m.id}`,
        status: 'EGRESS_FAILED',
        want: 'failed',
        error: 'egress_failed',
      },
      {
        egressId: `EG_abort_${m.id}`,
        status: 'EGRESS_ABORTED',
        want: 'failed',
        error: 'egress_aborted',
      },
    ];
    for (const [i, k] of cases.entries()) {
      const id = randomUUID();
      const key = recordingObjectKey(m.id, id);
      await insertRecording(server().db, {
        id,
        meetingId: m.id,
        mode: 'egress',
        objectKey: key,
        egressId: k.egressId,
      });
      await redis.set(`${PREFIX}:egress:${m.id}`, k.egressId, 'EX', 60);
      const ok = k.status === 'EGRESS_COMPLETE';
      const ev = {
        event: 'egress_ended',
        id: `EV_${m.id}_${i}`,
        createdAt: String(t0 + 60),
        egressInfo: {
          egressId: k.egressId,
          roomName: m.roomName,
          status: k.status,
          startedAt: String(BigInt(t0) * 1_000_000_000n),
          endedAt: String(BigInt(t0 + 60) * 1_000_000_000n),
          ...(ok
            ? { fileResults: [{ filename: key, size: '48000', duration: String(59_500_000_000n) }] }
            : { error: 'internal: boom with details users must not see' }),
        },
      };
      expect(await postWebhook(ev)).toBe(200);
      const row = await server()
        .db.selectFrom('recordings')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      expect(row.status).toBe(k.want);
      expect(row.error).toBe(k.error);
      expect(row.ended_at?.getTime()).toBe((t0 + 60) * 1000);
      if (ok) {
        expect(row.duration_ms).toBe(59_500);
        expect(row.size_bytes).toBe(48_000);
        expect(row.object_key).toBe(key);
      }
      await waitFor('the egress key to be cleared', async () =>
        (await redis.get(`${PREFIX}:egress:${m.id}`)) === null ? true : null,
      );
      // A replay of the same event changes nothing.
      await server()
        .db.updateTable('recordings')
        .set({ status: 'recording' })
        .where('id', '=', id)
        .execute();
      expect(await postWebhook(ev)).toBe(200);
      const again = await server()
        .db.selectFrom('recordings')
        .select('status')
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      expect(again.status).toBe('recording');
      await server()
        .db.updateTable('recordings')
        .set({ status: k.want as 'completed' })
        .where('id', '=', id)
        .execute();
    }
    // The API shows the reason code, never the egress's raw error text.
    const list = await api('GET', `/api/meetings/${m.id}/recordings`, { cookie: owner.cookie });
    expect(JSON.stringify(list.body)).not.toContain('boom');
  });

  it('room_started with recording allowed: egress unavailable here → no egress row (the agent records)', async () => {
    const owner = await signupUser(server().base);
    const m = await createMeeting({ cookie: owner.cookie });
    await server()
      .db.updateTable('meetings')
      .set({ recording_allowed: true })
      .where('id', '=', m.id)
      .execute();
    expect(
      await postWebhook({
        event: 'room_started',
        id: `EV_${m.id}_rs`,
        createdAt: String(Math.floor(Date.now() / 1000)),
        room: { sid: 'RM_rec', name: m.roomName },
      }),
    ).toBe(200);
    await waitFor('the egress attempt to be logged', () =>
      server()
        .proc.output()
        .split('\n')
        .some((l) => l.includes('"msg":"egress unavailable') && l.includes(m.id))
        ? true
        : null,
    );
    const rows = await server()
      .db.selectFrom('recordings')
      .selectAll()
      .where('meeting_id', '=', m.id)
      .execute();
    expect(rows).toEqual([]);
    const meeting = await server()
      .db.selectFrom('meetings')
      .select('status')
      .where('id', '=', m.id)
      .executeTakeFirstOrThrow();
    expect(meeting.status).toBe('live');
  });
});

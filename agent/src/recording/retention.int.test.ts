// Retention against the real Postgres and MinIO: backdated recordings and meetings, per-team
// settings, objects and rows removed, ids (never content) logged; the BullMQ scheduler runs it.
import { createLogger } from '@parley/services/log';
import { randomUUID } from 'node:crypto';
import {
  createMeeting,
  createTeam,
  createUser,
  editSegmentText,
  findSummary,
  finishRecording,
  insertRecording,
  insertSegments,
  listRecordings,
  listSegments,
  recordingObjectKey,
  renameMeetingSpeaker,
  setTeamRetention,
  upsertSummary,
  type Db,
  type Meeting,
} from '@parley/db';
import { createTestDatabase } from '@parley/db/testing';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { devEnv, waitFor } from '../testing/index.ts';
import { runRetention, startRetentionScheduler } from './retention.ts';
import { createObjectStore, s3ConfigFrom, type ObjectStore } from '@parley/services/storage';

const env = devEnv();
const s3cfg = s3ConfigFrom({
  endpoint: env.S3_ENDPOINT,
  accessKey: env.S3_ACCESS_KEY,
  secretKey: env.S3_SECRET_KEY,
  bucket: env.S3_BUCKET,
  region: env.S3_REGION,
});
if (!s3cfg) throw new Error('S3_* missing from .data/dev.env');

let test: Awaited<ReturnType<typeof createTestDatabase>>;
let db: Db;
let store: ObjectStore;
const logged: string[] = [];
const log = createLogger({ write: (line) => logged.push(line) });

beforeAll(async () => {
  test = await createTestDatabase(env.DATABASE_URL ?? '');
  db = test.db;
  store = createObjectStore(s3cfg);
});
afterAll(() => test.drop());

const DAY = 86_400_000;

async function owner() {
  const u = await createUser(db, {
    email: `r-${randomUUID()}@example.com`,
    name: 'Owner',
    passwordHash: 'x',
  });
  if (!u) throw new Error('no user');
  return u;
}

/** A finished recording started `daysAgo`, with its object in MinIO. */
async function storedRecording(meeting: Meeting, daysAgo: number) {
  const id = randomUUID();
  const key = recordingObjectKey(meeting.id, id);
  await store.putObject(key, Buffer.from(`audio of ${id}`), 'audio/ogg');
  await insertRecording(db, {
    id,
    meetingId: meeting.id,
    mode: 'agent',
    objectKey: key,
    startedAt: new Date(Date.now() - daysAgo * DAY),
  });
  await finishRecording(db, id, { status: 'completed', durationMs: 1000, sizeBytes: 10 });
  return { id, key };
}

async function backdate(meeting: Meeting, daysAgo: number) {
  const at = new Date(Date.now() - daysAgo * DAY);
  await db
    .updateTable('meetings')
    .set({ started_at: at, ended_at: at, status: 'ended' })
    .where('id', '=', meeting.id)
    .execute();
}

async function segment(meeting: Meeting) {
  await insertSegments(db, [
    {
      meeting_id: meeting.id,
      segment_id: `TR_x-${randomUUID()}`,
      speaker_identity: 'ada',
      speaker_name: 'Ada',
      track_id: 'TR_x',
      text: 'A secret sentence nobody may log.',
      start_ms: 0,
      end_ms: 1000,
      spoken_at: new Date(),
      language: 'en',
    },
  ]);
}

describe('retention', () => {
  it('removes what is past each team’s limits and nothing else, logging ids only', async () => {
    const o = await owner();
    const teamA = await createTeam(db, { name: 'Seven days', ownerId: o.id });
    await setTeamRetention(db, teamA.id, { recordingDays: 7, transcriptDays: 10 });
    const teamB = await createTeam(db, { name: 'Defaults', ownerId: o.id }); // 30 d / kept
    const mA = await createMeeting(db, {
      title: 'A',
      type: 'general',
      ownerId: o.id,
      teamId: teamA.id,
    });
    const mB = await createMeeting(db, {
      title: 'B',
      type: 'general',
      ownerId: o.id,
      teamId: teamB.id,
    });
    const mP = await createMeeting(db, { title: 'Personal', type: 'general', ownerId: o.id });
    const oldA = await storedRecording(mA, 8); // past 7 days: goes
    const newA = await storedRecording(mA, 6); // stays
    const oldB = await storedRecording(mB, 31); // past the default 30: goes
    const midB = await storedRecording(mB, 20); // stays
    const oldP = await storedRecording(mP, 40); // personal meeting, default 30: goes
    // A recording still in progress is never removed, however old.
    const running = randomUUID();
    await insertRecording(db, {
      id: running,
      meetingId: mB.id,
      mode: 'agent',
      objectKey: recordingObjectKey(mB.id, running),
      startedAt: new Date(Date.now() - 90 * DAY),
    });
    await backdate(mA, 11); // transcripts past 10 days: go
    await backdate(mB, 400); // transcripts kept (no limit)
    await segment(mA);
    await segment(mB);
    // A correction's history quotes the line: it goes with the transcript.
    for (const m of [mA, mB]) {
      const [line] = await listSegments(db, m.id);
      await editSegmentText(db, {
        meetingId: m.id,
        segmentId: line?.segment_id ?? '',
        version: 1,
        text: 'A corrected secret.',
        userId: o.id,
      });
      await renameMeetingSpeaker(db, {
        meetingId: m.id,
        speakerKey: 'ada',
        displayName: 'Ada L.',
        memberId: null,
        userId: o.id,
      });
    }
    // Post-meeting results quote the transcript: they go with it.
    for (const m of [mA, mB]) {
      await upsertSummary(db, {
        meetingId: m.id,
        run: 1,
        source: 'extractive',
        overview: 'secret overview',
        keyPoints: [],
        decisions: [],
        openQuestions: [],
      });
    }

    const r = await runRetention(db, store, log);
    expect(new Set(r.recordings)).toEqual(new Set([oldA.id, oldB.id, oldP.id]));
    expect(r.transcriptMeetings).toEqual([mA.id]);
    expect(r.segments).toBe(1);
    expect((await listRecordings(db, mA.id)).map((x) => x.id)).toEqual([newA.id]);
    expect(new Set((await listRecordings(db, mB.id)).map((x) => x.id))).toEqual(
      new Set([midB.id, running]),
    );
    expect(await store.statSize(oldA.key)).toBeNull();
    expect(await store.statSize(oldB.key)).toBeNull();
    expect(await store.statSize(oldP.key)).toBeNull();
    expect(await store.statSize(newA.key)).not.toBeNull();
    expect(await listSegments(db, mA.id)).toHaveLength(0);
    expect(await listSegments(db, mB.id)).toHaveLength(1);
    expect(await findSummary(db, mA.id)).toBeUndefined();
    expect(await findSummary(db, mB.id)).toBeDefined();
    const left = async (table: 'transcript_edits' | 'meeting_speakers', id: string) =>
      (await db.selectFrom(table).select('meeting_id').where('meeting_id', '=', id).execute())
        .length;
    expect([await left('transcript_edits', mA.id), await left('meeting_speakers', mA.id)]).toEqual([
      0, 0,
    ]);
    expect([await left('transcript_edits', mB.id), await left('meeting_speakers', mB.id)]).toEqual([
      2, 1,
    ]);
    const line = logged.find((l) => l.includes('"msg":"retention run"'));
    expect(line).toContain(oldA.id);
    expect(line).not.toContain('secret');
    // Idempotent: a second pass removes nothing.
    const again = await runRetention(db, store, log);
    expect(again.recordings).toEqual([]);
    expect(again.segments).toBe(0);
    await store.removeObjects([newA.key, midB.key]);
  });

  it('keeps rows whose objects could not be deleted (S3 down) for the next run', async () => {
    const o = await owner();
    const m = await createMeeting(db, { title: 'Down', type: 'general', ownerId: o.id });
    const rec = await storedRecording(m, 45);
    const down: ObjectStore = {
      ...store,
      removeObjects: () => Promise.reject(new Error('connect ECONNREFUSED')),
    };
    const r = await runRetention(db, down, log);
    expect(r.recordings).toEqual([]);
    expect((await listRecordings(db, m.id)).map((x) => x.id)).toEqual([rec.id]);
    expect((await runRetention(db, store, log)).recordings).toEqual([rec.id]);
  });

  it('runs on the BullMQ job scheduler', async () => {
    let runs = 0;
    const prefix = `test-retention-${randomUUID()}`;
    const s = await startRetentionScheduler({
      redisUrl: env.REDIS_URL ?? '',
      everyMs: 300,
      prefix,
      log,
      task: () => {
        runs += 1;
        return Promise.resolve();
      },
    });
    try {
      await waitFor('two scheduled runs', () => (runs >= 2 ? true : null), 15_000);
    } finally {
      await s.close();
      const redis = new Redis(env.REDIS_URL ?? '');
      const keys = await redis.keys(`${prefix}:*`);
      if (keys.length > 0) await redis.del(...keys);
      redis.disconnect();
    }
    expect(runs).toBeGreaterThanOrEqual(2);
  });
});

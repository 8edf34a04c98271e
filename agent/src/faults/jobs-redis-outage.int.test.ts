// Fault: Redis unreachable for 30 s from a post-meeting worker (BullMQ). A job added while the
// worker cannot reach Redis waits in the queue and is processed once Redis is back: the chain
// completes exactly once. (The live-meeting side of the same outage, pages and rate limits:
// web/src/lib/server/faults/redis-outage.int.test.ts.)
import { createMeeting, createUser, findRun, insertSegments, type Db } from '@parley/db';
import { createTestDatabase, type TestDatabase } from '@parley/db/testing';
import type { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createPostmeetingQueue,
  requestPostmeeting,
  type PostmeetingJobData,
} from '@parley/services/postmeeting';
import { startPostmeetingWorker } from '../postmeeting/index.ts';
import { devEnv, startTcpProxy, type TcpProxy } from '../testing/index.ts';

const OUTAGE_MS = 30_000;

let t: TestDatabase;
let proxy: TcpProxy;
let direct: string;
let viaProxy: string;
let queue: Queue<PostmeetingJobData>;
const prefix = `parley-fault-${crypto.randomUUID().slice(0, 8)}`;

async function endedMeeting(db: Db) {
  const u = await createUser(db, {
    email: `${crypto.randomUUID()}@example.com`,
    name: 'Ada',
    passwordHash: 'x',
  });
  if (!u) throw new Error('user');
  const m = await createMeeting(db, { title: 'Acme', type: 'investment_screening', ownerId: u.id });
  const start = new Date(Date.now() - 60_000);
  await insertSegments(
    db,
    ['Our monthly revenue is forty thousand dollars.', 'Bob will send the deck by Friday.'].map(
      (text, i) => ({
        meeting_id: m.id,
        segment_id: `seg-${i}`,
        speaker_identity: 'ada',
        speaker_name: 'Ada',
        track_id: 'TR_ada',
        text,
        start_ms: i * 6000,
        end_ms: i * 6000 + 5000,
        spoken_at: new Date(start.getTime() + i * 6000),
        language: 'en',
      }),
    ),
  );
  await db
    .updateTable('meetings')
    .set({ status: 'ended', started_at: start, ended_at: new Date() })
    .where('id', '=', m.id)
    .execute();
  return m;
}

async function runStatus(db: Db, meetingId: string): Promise<string | undefined> {
  return (await findRun(db, meetingId, 1))?.status;
}

async function waitForDone(db: Db, meetingId: string, ms: number) {
  const until = Date.now() + ms;
  for (;;) {
    const r = await findRun(db, meetingId, 1);
    if (r?.status === 'done') return r;
    if (Date.now() > until) throw new Error(`run is ${r?.status ?? 'missing'} after ${ms} ms`);
    await new Promise((res) => setTimeout(res, 200));
  }
}

beforeAll(async () => {
  const env = devEnv();
  t = await createTestDatabase(env.DATABASE_URL ?? '');
  direct = env.REDIS_URL ?? 'redis://127.0.0.1:56379';
  const u = new URL(direct);
  proxy = await startTcpProxy(Number(u.port), u.hostname);
  u.port = String(proxy.port);
  viaProxy = u.toString();
  // The enqueuer (the web app) reaches Redis; only the worker's network is cut.
  queue = createPostmeetingQueue({ redisUrl: direct, prefix });
});

afterAll(async () => {
  await queue?.obliterate({ force: true }).catch(() => undefined);
  await queue?.close();
  await proxy?.close();
  await t?.drop();
});

describe('fault: Redis down for 30 s under the post-meeting worker', () => {
  it('a job queued during the outage runs once Redis is back, exactly once', async () => {
    const worker = startPostmeetingWorker({ db: t.db }, { redisUrl: viaProxy, prefix });
    try {
      const before = await endedMeeting(t.db);
      await requestPostmeeting(t.db, queue, before.id, 'room_finished');
      await waitForDone(t.db, before.id, 20_000);

      proxy.down();
      const during = await endedMeeting(t.db);
      await requestPostmeeting(t.db, queue, during.id, 'room_finished');
      await new Promise((r) => setTimeout(r, OUTAGE_MS));
      // Nothing could run while the worker was cut off.
      expect(await runStatus(t.db, during.id)).not.toBe('done');
      proxy.up();

      const run = await waitForDone(t.db, during.id, 25_000);
      expect(run.completions).toBe(1);
      const counts = await queue.getJobCounts('completed', 'failed');
      expect(counts).toMatchObject({ completed: 2, failed: 0 });
    } finally {
      await worker.close();
    }
  }, 90_000);
});

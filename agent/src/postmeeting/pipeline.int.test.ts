import {
  createMeeting,
  createUser,
  findRun,
  findSummary,
  insertSegments,
  listActionItems,
  listExtractions,
  updateActionItem,
  type Db,
  type NewTranscriptSegment,
} from '@parley/db';
import { createTestDatabase, testServerUrl, type TestDatabase } from '@parley/db/testing';
import type { Queue } from 'bullmq';
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  startFakeEmbeddings,
  startFakeChatServer,
  startFakePinecone,
  type FakeChatServer,
  type FakeEmbeddingsServer,
  type FakePinecone,
} from '@parley/services/testing';
import { PgVectorStore } from '@parley/services/indexing';
import { JsonChatClient } from '@parley/services/llm';
import { waitFor } from '@parley/testkit';
import { RedisSpool } from '../persistence/spool.ts';
import {
  createPostmeetingQueue,
  requestPostmeeting,
  type PostmeetingJobData,
} from '@parley/services/postmeeting';
import { startPostmeetingWorker } from './index.ts';

function redisUrl(): string {
  if (process.env.REDIS_URL) return process.env.REDIS_URL;
  const env = readFileSync(
    fileURLToPath(new URL('../../../.data/dev.env', import.meta.url)),
    'utf8',
  );
  const m = /^REDIS_URL=(.+)$/m.exec(env);
  if (!m?.[1]) throw new Error('no REDIS_URL: run ./pnpmw services up');
  return m[1].trim();
}

let t: TestDatabase;
let redis: string;
beforeAll(async () => {
  t = await createTestDatabase(testServerUrl());
  redis = redisUrl();
});
afterAll(async () => {
  await t?.drop();
});

const SCRIPT: [string, string][] = [
  ['ada', 'Welcome everyone, today we review the Acme investment.'],
  ['bob', 'Our monthly recurring revenue is forty thousand dollars.'],
  ['bob', 'Monthly churn is about two percent.'],
  ['ada', 'Bob, can you send the cohort data by Friday?'],
  ['bob', "Sure, I'll send the cohort data and the pricing sheet by Friday."],
  ['ada', 'We decided to schedule a second meeting with the founders.'],
  ['ada', "I'll write the investment memo by next Monday."],
  ['bob', 'The enterprise pipeline doubled this quarter.'],
];

async function meetingWithTranscript(db: Db) {
  const u = await createUser(db, {
    email: `${crypto.randomUUID()}@example.com`,
    name: 'Ada',
    passwordHash: 'x',
  });
  if (!u) throw new Error('user');
  const m = await createMeeting(db, { title: 'Acme', type: 'investment_screening', ownerId: u.id });
  const start = new Date('2026-11-18T14:00:00Z');
  const segs: NewTranscriptSegment[] = SCRIPT.map(([who, text], i) => ({
    meeting_id: m.id,
    segment_id: `seg-${i}`,
    speaker_identity: who,
    speaker_name: who === 'ada' ? 'Ada' : 'Bob',
    track_id: `TR_${who}`,
    text,
    start_ms: i * 6000,
    end_ms: i * 6000 + 5000,
    spoken_at: new Date(start.getTime() + i * 6000),
    language: 'en',
  }));
  await insertSegments(db, segs);
  await db
    .updateTable('meetings')
    .set({ status: 'ended', started_at: start, ended_at: new Date() })
    .where('id', '=', m.id)
    .execute();
  return m;
}

async function waitForRun(db: Db, meetingId: string, run: number, status: string, ms = 60_000) {
  const until = Date.now() + ms;
  for (;;) {
    const r = await findRun(db, meetingId, run);
    if (r?.status === status) return r;
    if (Date.now() > until)
      throw new Error(`run ${run} is ${r?.status ?? 'missing'}, wanted ${status}`);
    await new Promise((res) => setTimeout(res, 100));
  }
}

const prefix = () => `parley-test-${crypto.randomUUID().slice(0, 8)}`;

describe('post-meeting chain (offline, in-process worker)', () => {
  let queue: Queue<PostmeetingJobData>;
  let p: string;
  beforeAll(() => {
    p = prefix();
    queue = createPostmeetingQueue({
      redisUrl: redis,
      prefix: p,
      jobOptions: { backoff: { type: 'exponential', delay: 200 } },
    });
  });
  afterAll(async () => {
    await queue.obliterate({ force: true }).catch(() => undefined);
    await queue.close();
  });

  it('summary, action items and metrics exist after the meeting; triggers twice = one chain; re-run replaces', async () => {
    const m = await meetingWithTranscript(t.db);
    const worker = startPostmeetingWorker({ db: t.db }, { redisUrl: redis, prefix: p });
    try {
      // room_finished and "meeting ended" both fire (and a webhook replay): one run.
      expect(await requestPostmeeting(t.db, queue, m.id, 'room_finished')).toBe(1);
      expect(await requestPostmeeting(t.db, queue, m.id, 'meeting_ended')).toBe(1);
      const run = await waitForRun(t.db, m.id, 1, 'done');
      expect(run.completions).toBe(1);
      expect(Object.keys(run.steps).sort()).toEqual([
        'action_items',
        'extraction',
        'finalise',
        'index',
        'summary',
      ]);
      expect(await requestPostmeeting(t.db, queue, m.id, 'room_finished')).toBe(1);

      const summary = await findSummary(t.db, m.id);
      expect(summary?.source).toBe('extractive');
      expect(summary?.decisions.map((d) => d.text)).toEqual([
        'We decided to schedule a second meeting with the founders.',
      ]);
      const items = await listActionItems(t.db, m.id);
      expect(items.map((i) => [i.owner_name, i.due_date])).toEqual([
        ['Bob', '2026-11-20'],
        ['Bob', '2026-11-20'],
        ['Ada', '2026-11-23'],
      ]);
      const fields = Object.fromEntries(
        (await listExtractions(t.db, m.id)).map((f) => [f.field_id, f.value]),
      );
      expect(fields).toMatchObject({ mrr: '$40k', churn: '2%' });

      // People handle the items: one done, one edited and reassigned, one rejected.
      const [first, second, third] = items;
      await updateActionItem(t.db, m.id, first?.id ?? '', { status: 'done' }, null);
      await updateActionItem(
        t.db,
        m.id,
        second?.id ?? '',
        { text: 'Send the pricing sheet', ownerName: 'Carol', dueDate: '2026-12-01' },
        null,
      );
      await updateActionItem(t.db, m.id, third?.id ?? '', { review: 'rejected' }, null);

      // A host re-runs: run 2 replaces the results, no duplicates, and people's edits stay.
      expect(await requestPostmeeting(t.db, queue, m.id, 'rerun')).toBe(2);
      const run2 = await waitForRun(t.db, m.id, 2, 'done');
      expect(run2.completions).toBe(1);
      const after = await listActionItems(t.db, m.id);
      expect(after.map((i) => [i.id, i.text, i.owner_name, i.status, i.review])).toEqual([
        [first?.id, first?.text, 'Bob', 'done', 'pending'],
        [second?.id, 'Send the pricing sheet', 'Carol', 'open', 'accepted'],
        [third?.id, third?.text, 'Ada', 'open', 'rejected'],
      ]);
      expect((await findSummary(t.db, m.id))?.run).toBe(2);
    } finally {
      await worker.close();
    }
  });

  it('finalise writes finals a dead agent left in the spool before summarising', async () => {
    const m = await meetingWithTranscript(t.db);
    const spool = new RedisSpool(redis);
    try {
      // The spool's client refuses commands until connected (no offline queue): retry briefly.
      const seg = {
        meeting_id: m.id,
        segment_id: 'spooled-1',
        speaker_identity: 'ada',
        speaker_name: 'Ada',
        track_id: 'TR_ada',
        text: 'I will email the term sheet by Friday.',
        start_ms: 60_000,
        end_ms: 64_000,
        spoken_at: new Date('2026-11-18T14:01:00Z'),
        language: 'en',
      };
      for (let i = 0; ; i++) {
        try {
          await spool.put(seg);
          break;
        } catch (err) {
          if (i > 50) throw err;
          await new Promise((r) => setTimeout(r, 100));
        }
      }
      const worker = startPostmeetingWorker({ db: t.db, spool }, { redisUrl: redis, prefix: p });
      try {
        await requestPostmeeting(t.db, queue, m.id, 'room_finished');
        await waitForRun(t.db, m.id, 1, 'done');
      } finally {
        await worker.close();
      }
      expect(await spool.pending(m.id)).toEqual([]);
      const items = await listActionItems(t.db, m.id);
      expect(items.map((i) => i.text)).toContain('Email the term sheet by Friday');
    } finally {
      await spool.close();
    }
  });

  it('embeddings configured but no pgvector on the server: warning, full-text only, chain done', async () => {
    const m = await meetingWithTranscript(t.db);
    const indexing = {
      embeddings: { name: 'fake', dimensions: 4, embed: () => Promise.reject(new Error('unused')) },
      store: new PgVectorStore(t.db, { dimensions: 4 }),
    };
    const available = await indexing.store.ensureReady().then(
      () => true,
      () => false,
    );
    const worker = startPostmeetingWorker({ db: t.db, indexing }, { redisUrl: redis, prefix: p });
    try {
      await requestPostmeeting(t.db, queue, m.id, 'meeting_ended');
      const run = available
        ? await waitForRun(t.db, m.id, 1, 'failed') // with pgvector the fake embedder throws
        : await waitForRun(t.db, m.id, 1, 'done');
      if (!available) {
        expect(run.warnings).toEqual([
          'index: pgvector is not available here, full-text search only',
        ]);
        expect(run.steps.index?.source).toBe('fts');
      }
    } finally {
      await worker.close();
    }
  });

  it('malformed job data fails once (no retries) and the worker goes on with the next job', async () => {
    const m = await meetingWithTranscript(t.db);
    const worker = startPostmeetingWorker({ db: t.db }, { redisUrl: redis, prefix: p });
    try {
      await queue.add('run', { meetingId: 'not-a-uuid', run: 0 }, { jobId: 'pm-bad-data' });
      await requestPostmeeting(t.db, queue, m.id, 'meeting_ended');
      await waitForRun(t.db, m.id, 1, 'done');
      const bad = await queue.getJob('pm-bad-data');
      expect(await bad?.getState()).toBe('failed');
      expect(bad?.attemptsMade).toBe(1);
      expect(bad?.failedReason).toBe('malformed job data');
    } finally {
      await worker.close();
    }
  });

  it('a job that throws mid-way is retried with backoff; what was stored stays; it then completes', async () => {
    const m = await meetingWithTranscript(t.db);
    let failures = 2;
    const worker = startPostmeetingWorker(
      {
        db: t.db,
        beforeStep: (step) => {
          if (step === 'extraction' && failures-- > 0) return Promise.reject(new Error('boom'));
          return Promise.resolve();
        },
      },
      { redisUrl: redis, prefix: p },
    );
    try {
      await requestPostmeeting(t.db, queue, m.id, 'meeting_ended');
      const run = await waitForRun(t.db, m.id, 1, 'done');
      expect(run.attempts).toBe(3);
      expect(run.steps.summary?.attempts).toBe(1); // not redone
      expect(run.steps.extraction?.attempts).toBe(3);
      expect(run.completions).toBe(1);
      expect(await listActionItems(t.db, m.id)).toHaveLength(3);
    } finally {
      await worker.close();
    }
  });

  it('a job failing every attempt is marked failed with its error, results kept, and can be re-run', async () => {
    const m = await meetingWithTranscript(t.db);
    const q = createPostmeetingQueue({
      redisUrl: redis,
      prefix: p,
      jobOptions: { attempts: 2, backoff: { type: 'fixed', delay: 50 } },
    });
    let broken = true;
    const worker = startPostmeetingWorker(
      {
        db: t.db,
        beforeStep: (step) =>
          step === 'index' && broken
            ? Promise.reject(new Error('vector store down'))
            : Promise.resolve(),
      },
      { redisUrl: redis, prefix: p },
    );
    try {
      await requestPostmeeting(t.db, q, m.id, 'meeting_ended');
      const failed = await waitForRun(t.db, m.id, 1, 'failed');
      expect(failed.error).toContain('vector store down');
      expect(failed.step).toBe('index');
      expect(await findSummary(t.db, m.id)).toBeDefined();
      broken = false;
      expect(await requestPostmeeting(t.db, q, m.id, 'rerun')).toBe(2);
      await waitForRun(t.db, m.id, 2, 'done');
    } finally {
      await worker.close();
      await q.close();
    }
  });
});

describe('post-meeting chain with an LLM', () => {
  let chat: FakeChatServer;
  let queue: Queue<PostmeetingJobData>;
  let p: string;
  beforeAll(async () => {
    chat = await startFakeChatServer();
    p = prefix();
    queue = createPostmeetingQueue({ redisUrl: redis, prefix: p });
  });
  afterAll(async () => {
    await queue.obliterate({ force: true }).catch(() => undefined);
    await queue.close();
    await chat?.close();
  });

  it('uses validated JSON from the model, owners only among participants', async () => {
    const m = await meetingWithTranscript(t.db);
    // One payload satisfying the three step schemas (each reads its own keys).
    chat.mode = 'normal';
    chat.payload = {
      overview: 'Acme review: revenue, churn and next steps.',
      keyPoints: [{ text: 'MRR is $40k', line: 2 }],
      decisions: [{ text: 'Second meeting with founders', line: 6 }],
      openQuestions: [],
      items: [
        { text: 'Send cohort data', owner: 'Bob', due: '2026-11-20', line: 4 },
        { text: 'Call the lawyers', owner: 'Mallory', due: 'soon', line: 99 },
      ],
      fields: [
        { id: 'mrr', value: '$40k', line: 2 },
        { id: 'not_a_field', value: 'x' },
      ],
    };
    const llm = new JsonChatClient({ apiKey: 'test', baseURL: chat.baseURL, maxRetries: 0 });
    const worker = startPostmeetingWorker({ db: t.db, llm }, { redisUrl: redis, prefix: p });
    try {
      await requestPostmeeting(t.db, queue, m.id, 'room_finished');
      const run = await waitForRun(t.db, m.id, 1, 'done');
      expect(run.warnings).toEqual([]);
      const s = await findSummary(t.db, m.id);
      expect(s?.source).toBe('llm');
      expect(s?.key_points[0]).toEqual({ text: 'MRR is $40k', segmentId: 'seg-1', startMs: 6000 });
      const items = await listActionItems(t.db, m.id);
      expect(items.map((i) => [i.text, i.owner_name, i.due_date, i.start_ms])).toEqual([
        ['Send cohort data', 'Bob', '2026-11-20', 18000],
        ['Call the lawyers', null, null, null],
      ]);
      expect((await listExtractions(t.db, m.id)).map((f) => f.field_id)).toEqual(['mrr']);
      // The prompt carried numbered lines, no more than the transcript.
      expect(chat.requests[0]?.messages[1]?.content).toContain(
        '[2] Bob: Our monthly recurring revenue',
      );
    } finally {
      await worker.close();
    }
  });

  it('garbage from the model: offline results, warnings recorded, the chain still finishes', async () => {
    const m = await meetingWithTranscript(t.db);
    chat.mode = 'malformed';
    const llm = new JsonChatClient({ apiKey: 'test', baseURL: chat.baseURL, maxRetries: 0 });
    const worker = startPostmeetingWorker({ db: t.db, llm }, { redisUrl: redis, prefix: p });
    try {
      await requestPostmeeting(t.db, queue, m.id, 'room_finished');
      const run = await waitForRun(t.db, m.id, 1, 'done');
      expect(run.warnings).toEqual([
        'summary: LLM failed (invalid_output), extractive summary used',
        'action items: LLM failed (invalid_output), rules used',
        'extraction: LLM failed (invalid_output), rules used',
      ]);
      expect((await findSummary(t.db, m.id))?.source).toBe('extractive');
      expect(await listActionItems(t.db, m.id)).toHaveLength(3);
      chat.mode = 'wrong_shape';
      await requestPostmeeting(t.db, queue, m.id, 'rerun');
      const run2 = await waitForRun(t.db, m.id, 2, 'done');
      expect(run2.warnings).toHaveLength(3);
    } finally {
      await worker.close();
    }
  });
});

describe('a worker killed mid-job', () => {
  let pinecone: FakePinecone;
  let embeddings: FakeEmbeddingsServer;
  const children: ChildProcess[] = [];
  beforeAll(async () => {
    pinecone = await startFakePinecone();
    embeddings = await startFakeEmbeddings(32);
  });
  afterAll(async () => {
    for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
    await pinecone?.close();
    await embeddings?.close();
  });

  function startRunner(env: Record<string, string>): {
    child: ChildProcess;
    waitFor: (s: string) => Promise<void>;
  } {
    const child = spawn(
      process.execPath,
      [fileURLToPath(new URL('./testing/worker-runner.ts', import.meta.url))],
      {
        env: { ...process.env, ...env },
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    children.push(child);
    let out = '';
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
    });
    return {
      child,
      waitFor: (s) =>
        new Promise((resolve, reject) => {
          const timer = setInterval(() => {
            if (out.includes(s)) {
              clearInterval(timer);
              resolve();
            } else if (child.exitCode !== null) {
              clearInterval(timer);
              reject(new Error(`worker exited (${child.exitCode}) before "${s}"`));
            }
          }, 50);
        }),
    };
  }

  it('SIGKILL during a step: another worker takes the job over, the chain completes once, no duplicates', async () => {
    const m = await meetingWithTranscript(t.db);
    const p = prefix();
    const env = {
      DATABASE_URL: t.url,
      REDIS_URL: redis,
      POSTMEETING_QUEUE_PREFIX: p,
      POSTMEETING_LOCK_MS: '2000',
      POSTMEETING_STALLED_INTERVAL_MS: '1000',
      POSTMEETING_LLM: 'off',
      EMBEDDINGS_PROVIDER: 'openai',
      EMBEDDINGS_API_KEY: 'test',
      EMBEDDINGS_BASE_URL: embeddings.baseURL,
      EMBEDDINGS_DIMENSIONS: '32',
      VECTOR_STORE: 'pinecone',
      PINECONE_API_KEY: pinecone.apiKey,
      PINECONE_INDEX_HOST: pinecone.host,
    };
    const queue = createPostmeetingQueue({ redisUrl: redis, prefix: p });
    try {
      const a = startRunner({ ...env, PM_STALL_AT: 'index' });
      await a.waitFor('READY');
      await requestPostmeeting(t.db, queue, m.id, 'room_finished');
      await a.waitFor('STALL index');
      a.child.kill('SIGKILL');
      const mid = await findRun(t.db, m.id, 1);
      expect(mid?.status).toBe('running');
      expect(mid?.steps.action_items?.status).toBe('done');

      const b = startRunner(env);
      await b.waitFor('READY');
      const run = await waitForRun(t.db, m.id, 1, 'done', 60_000);
      expect(run.completions).toBe(1);
      expect(run.attempts).toBe(2);
      expect(run.steps.summary?.attempts).toBe(1);
      expect(run.steps.index?.attempts).toBe(2);
      expect(await listActionItems(t.db, m.id)).toHaveLength(3);
      const summaries = await t.db
        .selectFrom('meeting_summaries')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .where('meeting_id', '=', m.id)
        .executeTakeFirstOrThrow();
      expect(Number(summaries.n)).toBe(1);
      // Vectors: one per segment, in the owner's namespace, none twice.
      const ns = pinecone.namespaces.get(`user-${m.owner_id}`);
      expect(ns?.size).toBe(SCRIPT.length);
      // The run is marked done inside the job; the queue counts the job once it has returned.
      await waitFor('the job completed', async () => (await queue.getCompletedCount()) > 0, 10_000);
      expect(await queue.getCompletedCount()).toBe(1);
      b.child.kill('SIGTERM');
    } finally {
      await queue.obliterate({ force: true }).catch(() => undefined);
      await queue.close();
    }
  });
});

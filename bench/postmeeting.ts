// The post-meeting chain on a 60-minute meeting, offline (no LLM, no embeddings), end to end:
// enqueue on BullMQ → worker → finalise, summary (TextRank), action items (rules), extraction
// (rules), index → done. Four speakers, one utterance every ~5 s (≈ 720 segments), in a
// database of its own. Reports the total (enqueue → done) and each step's time.
//   pnpm bench postmeeting [--minutes 60] [--runs 3]
import { devEnv, SENTENCES } from '@parley/agent/testing';
import { createPostmeetingQueue, requestPostmeeting } from '@parley/services/postmeeting';
import { startPostmeetingWorker } from '../agent/src/postmeeting/index.ts';
import {
  createMeeting,
  createUser,
  findRun,
  insertSegments,
  type NewTranscriptSegment,
} from '@parley/db';
import { createTestDatabase } from '@parley/db/testing';
import { benchArgs } from './lib/args.ts';
import type { Benchmark } from './lib/run.ts';
import { quantile, rng, round } from './lib/stats.ts';

const EXTRA = [
  "I'll send the updated deck to the investors by Friday.",
  'Can you share the cohort numbers by next Monday?',
  'Our monthly recurring revenue is forty two thousand dollars.',
  'Monthly churn is around two point five percent.',
  'We decided to run the pricing experiment for another month.',
  'We have eleven engineers and a runway of eighteen months.',
  'What is the payback period on customer acquisition cost?',
  'Dina will schedule the follow up with the legal team.',
];

const bench: Benchmark = {
  async run(args, log) {
    const values = benchArgs(args, {
      minutes: { type: 'string', default: '60' },
      runs: { type: 'string', default: '3' },
    });
    const minutes = Number(values.minutes);
    const runs = Number(values.runs);
    const env = devEnv();
    const t = await createTestDatabase(env.DATABASE_URL ?? '');
    const prefix = `parley-bench-${process.pid}-${Date.now()}`;
    const queue = createPostmeetingQueue({ redisUrl: env.REDIS_URL ?? '', prefix });
    const worker = startPostmeetingWorker({ db: t.db }, { redisUrl: env.REDIS_URL ?? '', prefix });
    try {
      const u = await createUser(t.db, {
        email: 'bench@example.com',
        name: 'Ada',
        passwordHash: 'x',
      });
      if (!u) throw new Error('user');
      const m = await createMeeting(t.db, {
        title: 'Bench',
        type: 'investment_screening',
        ownerId: u.id,
      });
      const r = rng(1);
      const speakers = ['Ada', 'Bob', 'Chen', 'Dina'];
      const segs: NewTranscriptSegment[] = [];
      const start = new Date('2026-11-18T14:00:00Z');
      for (let ms = 0, i = 0; ms < minutes * 60_000; i++) {
        const len = 3000 + Math.floor(r() * 4000);
        const who = speakers[Math.floor(r() * speakers.length)] ?? 'Ada';
        const pool = r() < 0.08 ? EXTRA : SENTENCES;
        const text = [
          pool[Math.floor(r() * pool.length)],
          r() < 0.4 ? SENTENCES[Math.floor(r() * SENTENCES.length)] : '',
        ]
          .filter(Boolean)
          .join(' ');
        segs.push({
          meeting_id: m.id,
          segment_id: `seg-${i}`,
          speaker_identity: who.toLowerCase(),
          speaker_name: who,
          track_id: `TR_${who}`,
          text,
          start_ms: ms,
          end_ms: ms + len,
          spoken_at: new Date(start.getTime() + ms),
          language: 'en',
        });
        ms += len + 500 + Math.floor(r() * 1500);
      }
      for (let i = 0; i < segs.length; i += 500) await insertSegments(t.db, segs.slice(i, i + 500));
      await t.db
        .updateTable('meetings')
        .set({
          status: 'ended',
          started_at: start,
          ended_at: new Date(start.getTime() + minutes * 60_000),
        })
        .where('id', '=', m.id)
        .execute();
      log(`${minutes}-minute meeting: ${segs.length} segments, ${speakers.length} speakers`);

      const totals: number[] = [];
      const steps: Record<string, number[]> = {};
      for (let i = 0; i < runs; i++) {
        const t0 = performance.now();
        const run = await requestPostmeeting(
          t.db,
          queue,
          m.id,
          i === 0 ? 'meeting_ended' : 'rerun',
        );
        for (;;) {
          const row = await findRun(t.db, m.id, run);
          if (row?.status === 'done') {
            totals.push((performance.now() - t0) / 1000);
            for (const [k, v] of Object.entries(row.steps))
              (steps[k] ??= []).push((v.ms ?? 0) / 1000);
            break;
          }
          if (row?.status === 'failed') throw new Error(`run failed: ${row.error ?? ''}`);
          await new Promise((res) => setTimeout(res, 20));
        }
        log(`run ${i + 1}: ${round(totals.at(-1) ?? 0, 3)} s`);
      }
      const metrics: Record<string, number> = { total_s: round(quantile(totals, 0.5), 3) };
      for (const step of ['finalise', 'summary', 'action_items', 'extraction', 'index']) {
        metrics[`${step}_s`] = round(quantile(steps[step] ?? [0], 0.5), 3);
      }
      return metrics;
    } finally {
      await worker.close();
      await queue.obliterate({ force: true }).catch(() => undefined);
      await queue.close();
      await t.drop();
    }
  },
};

export default bench;

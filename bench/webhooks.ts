// Outgoing webhook delivery: events → the team's endpoint, a local receiver on 127.0.0.1.
// The producer is the one web and agent use (`emitWebhookEvent`: outbox row + BullMQ job), called
// in this process at a steady rate; the delivery worker runs in its own process as in production
// (`pnpm agent jobs`: post-meeting and webhook workers), with the default retry settings unless
// told otherwise. The receiver checks every signature and deduplicates by `webhook-id`.
//   1. steady: --events (1,000) events at --rate per second, receiver up: delivery latency =
//      arrival at the receiver − the moment the event was emitted (p50/p95/max);
//   2. outage: the receiver goes down (connections refused) for --outage-s (30) s while
//      --outage-events more are emitted, then comes back; the run waits (at most --drain-s) until
//      every event arrived. lost = events never received; duplicated = message ids the receiver
//      acknowledged more than once; recovery = receiver back → last event received.
// What it leaves out: TLS, a real network between worker and receiver, receivers slower than an
// immediate 204. Postgres, Redis and the worker process are the real dev services.
//   pnpm bench webhooks [--events 1000] [--rate 50] [--outage-s 30] [--outage-events 200]
import { randomUUID } from 'node:crypto';
import type { Db } from '@parley/db';
import { createTestDatabase } from '@parley/db/testing';
import {
  startWebhookReceiver,
  webhookFixture,
  type WebhookReceiver,
} from '@parley/services/testing';
import {
  createWebhookQueue,
  emitWebhookEvent,
  type WebhookEnvelope,
  type WebhookQueue,
} from '@parley/services/webhooks';
import { devEnv, startNode, waitFor } from '@parley/testkit';
import { benchArgs, recordArgs } from './lib/args.ts';
import type { Benchmark } from './lib/run.ts';
import { quantile, round } from './lib/stats.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Emits `n` events at `rate` per second (each stamped with the time it was emitted). */
async function emitPaced(
  db: Db,
  queue: WebhookQueue,
  meetingId: string,
  n: number,
  rate: number,
  emitted: Map<string, number>,
): Promise<void> {
  const t0 = performance.now();
  const pending: Promise<unknown>[] = [];
  for (let i = 0; i < n; i++) {
    const due = t0 + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);
    const at = new Date();
    const key = `bench:${randomUUID()}`;
    emitted.set(key, at.getTime());
    pending.push(emitWebhookEvent(db, { type: 'meeting.ended', meetingId, key, at }, { queue }));
  }
  await Promise.all(pending);
}

/** Latency of each event received (ms), by the event time in its payload. */
function latencies(rx: WebhookReceiver, since: number): number[] {
  const out: number[] = [];
  for (const r of rx.received.values()) {
    const body = JSON.parse(r.body) as WebhookEnvelope;
    const at = Date.parse(body.timestamp);
    if (at >= since) out.push(r.at - at);
  }
  return out;
}

const bench: Benchmark = {
  async run(args, log) {
    const a = benchArgs(args, {
      events: { type: 'string', default: '1000' },
      rate: { type: 'string', default: '50' },
      'outage-s': { type: 'string', default: '30' },
      'outage-events': { type: 'string', default: '200' },
      'drain-s': { type: 'string', default: '180' },
      'backoff-ms': { type: 'string', default: '2000' },
    });
    const events = Number(a.events);
    const rate = Number(a.rate);
    const outageS = Number(a['outage-s']);
    const outageEvents = Number(a['outage-events']);
    const env = devEnv();
    const t = await createTestDatabase(env.DATABASE_URL ?? '');
    const prefix = `parley-bench-webhooks-${randomUUID().slice(0, 8)}`;
    recordArgs({
      worker: 'pnpm agent jobs (separate process)',
      attempts: 10,
      receiver: '204 at once',
    });
    const rx = await startWebhookReceiver();
    const worker = startNode('bench-webhooks-worker', ['agent/src/cli/main.ts', 'jobs'], {
      ...env,
      DATABASE_URL: t.url,
      POSTMEETING_QUEUE_PREFIX: prefix,
      POSTMEETING_LLM: 'off',
      EMBEDDINGS_PROVIDER: 'none',
      OUTBOUND_ALLOWED_NETWORKS: '127.0.0.1/32',
      WEBHOOK_BACKOFF_MS: String(a['backoff-ms']),
    });
    const queue = createWebhookQueue({
      redisUrl: env.REDIS_URL ?? '',
      prefix,
      attempts: 10,
      backoffMs: Number(a['backoff-ms']),
    });
    try {
      const db = t.db;
      const { meetingId } = await webhookFixture(db, rx, '/bench', ['meeting.ended']);
      await waitFor(
        'the worker',
        () => Promise.resolve(worker.output().includes('worker running')),
        30_000,
        100,
      );

      const emitted = new Map<string, number>();
      log(`steady: ${events} events at ${rate}/s`);
      const steadyFrom = Date.now();
      await emitPaced(db, queue, meetingId, events, rate, emitted);
      await waitFor(
        'steady deliveries',
        () => Promise.resolve(rx.received.size >= events),
        60_000,
        50,
      ).catch(() => {});
      const steady = latencies(rx, steadyFrom);
      log(`steady: ${steady.length}/${events} received, p95 ${round(quantile(steady, 0.95))} ms`);

      log(`outage: receiver down ${outageS} s, ${outageEvents} events meanwhile`);
      await rx.stop();
      const downAt = Date.now();
      await emitPaced(
        db,
        queue,
        meetingId,
        outageEvents,
        outageEvents / Math.max(1, outageS * 0.8),
        emitted,
      );
      await sleep(Math.max(0, downAt + outageS * 1000 - Date.now()));
      await rx.start();
      const upAt = Date.now();
      const total = events + outageEvents;
      await waitFor(
        'all events',
        () => Promise.resolve(rx.received.size >= total),
        Number(a['drain-s']) * 1000,
        100,
      ).catch(() => {});
      const last = Math.max(...[...rx.received.values()].map((r) => r.at));
      const unsigned = [...rx.received.values()].filter((r) => !r.signed).length;
      const lost = total - rx.received.size;
      log(
        `outage: ${rx.received.size}/${total} received, lost ${lost}, duplicated ${rx.duplicates()}`,
      );
      return {
        delivery_p50_ms: round(quantile(steady, 0.5)),
        delivery_p95_ms: round(quantile(steady, 0.95)),
        delivery_max_ms: round(Math.max(...steady)),
        events_total: total,
        lost,
        duplicated: rx.duplicates(),
        bad_signatures: unsigned,
        recovery_after_outage_ms: Math.max(0, last - upAt),
      };
    } finally {
      await queue.obliterate({ force: true }).catch(() => undefined);
      await queue.close();
      await worker.stop();
      await rx.close();
      await t.drop();
    }
  },
};

export default bench;

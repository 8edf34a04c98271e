import { claimDeliveriesToQueue, unmarkDeliveriesQueued, type Db } from '@parley/db';
import { DelayedError, Worker, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import type { OutboundPolicy } from '../outbound/index.ts';
import { silentLogger, type Logger } from '../log/index.ts';
import { deliverOnce } from './deliver.ts';
import { redisEndpointSlots } from './slots.ts';
import {
  WEBHOOK_QUEUE,
  createWebhookQueue,
  queueDeliveries,
  type WebhookJobData,
  type WebhookQueue,
} from './queue.ts';

// The delivery worker (runs where the post-meeting workers run: in the agent, or `pnpm agent
// jobs`). A job is one attempt; a failed attempt throws so BullMQ retries it after its backoff.
// A sweep queues deliveries no producer queued (written without Redis, or Redis failed) and
// re-adds those queued long ago whose job may be lost (re-adding a live job is a no-op).

export interface WebhookWorkerOptions {
  redisUrl: string;
  prefix: string;
  concurrency: number;
  /** Deliveries at once to one endpoint, across every worker sharing the Redis prefix. */
  perEndpoint: number;
  attempts: number;
  backoffMs: number;
  timeoutMs: number;
  disableAfter: number;
  policy: OutboundPolicy;
  /** How often the sweep looks for unqueued deliveries (ms). */
  sweepMs: number;
  /** A pending delivery queued this long ago is queued again (ms). */
  requeueAfterMs: number;
  log?: Logger;
}

export const defaultWebhookSweep = { sweepMs: 2_000, requeueAfterMs: 15 * 60_000 };

export interface WebhookWorker {
  worker: Worker<WebhookJobData>;
  queue: WebhookQueue;
  /** One sweep now (tests). */
  sweep: () => Promise<number>;
  close: () => Promise<void>;
}

export function startWebhookWorker(db: Db, o: WebhookWorkerOptions): WebhookWorker {
  const log = o.log ?? silentLogger;
  const queue = createWebhookQueue(o);
  const redis = new Redis(o.redisUrl, { maxRetriesPerRequest: 1, lazyConnect: true });
  redis.on('error', () => {});
  // A slot outlives the longest attempt (redirects included) with a margin.
  const limit = redisEndpointSlots(redis, {
    prefix: o.prefix,
    perEndpoint: o.perEndpoint,
    leaseMs: o.timeoutMs * 4 + 5_000,
  });
  const worker = new Worker<WebhookJobData>(
    WEBHOOK_QUEUE,
    async (job: Job<WebhookJobData>, token?: string) => {
      const id = job.data.deliveryId;
      if (typeof id !== 'string' || !/^[0-9a-f-]{36}$/i.test(id)) return 'skipped';
      const outcome = await deliverOnce(
        db,
        id,
        { number: job.attemptsMade + 1, max: job.opts.attempts ?? 1 },
        {
          policy: o.policy,
          timeoutMs: o.timeoutMs,
          disableAfter: o.disableAfter,
          log,
          slots: { limit, holder: `${id}:${token ?? job.attemptsMade}` },
        },
      );
      if (outcome === 'retry') throw new Error('webhook attempt failed');
      if (outcome === 'busy') {
        // The endpoint has its share of slots: wait a moment without spending an attempt.
        await job.moveToDelayed(Date.now() + 200 + Math.floor(Math.random() * 300), token);
        throw new DelayedError();
      }
      return outcome;
    },
    {
      connection: { url: o.redisUrl, maxRetriesPerRequest: null },
      prefix: o.prefix,
      concurrency: o.concurrency,
      lockDuration: Math.max(30_000, o.timeoutMs * 3),
    },
  );
  worker.on('error', (err) => log.warn({ err: String(err) }, 'webhook worker error'));

  let sweeping = false;
  const sweep = async (): Promise<number> => {
    if (sweeping) return 0;
    sweeping = true;
    let n = 0;
    try {
      for (;;) {
        const rows = await claimDeliveriesToQueue(db, new Date(Date.now() - o.requeueAfterMs), 500);
        const ids = rows.map((r) => r.id);
        try {
          await queueDeliveries(queue, ids);
        } catch (err) {
          await unmarkDeliveriesQueued(db, ids);
          throw err;
        }
        n += ids.length;
        if (rows.length < 500) return n;
      }
    } finally {
      sweeping = false;
    }
  };
  const timer = setInterval(() => {
    sweep().catch((err: unknown) => log.warn({ err: String(err) }, 'webhook sweep failed'));
  }, o.sweepMs);
  timer.unref();
  return {
    worker,
    queue,
    sweep,
    close: async () => {
      clearInterval(timer);
      await worker.close();
      await queue.close();
      redis.disconnect();
    },
  };
}

import { Queue, type JobsOptions } from 'bullmq';

// The outgoing-webhook queue: one job per delivery, its id the delivery's id (adding it twice is
// a no-op while the job exists). Retries follow an exponential backoff with jitter.

export const WEBHOOK_QUEUE = 'webhooks';

export interface WebhookJobData {
  deliveryId: string;
}

export type WebhookQueue = Queue<WebhookJobData>;

export interface WebhookQueueOptions {
  redisUrl: string;
  /** Redis key prefix (the post-meeting queue's). */
  prefix: string;
  attempts: number;
  backoffMs: number;
}

export function webhookJobOptions(
  o: Pick<WebhookQueueOptions, 'attempts' | 'backoffMs'>,
): JobsOptions {
  return {
    attempts: o.attempts,
    backoff: { type: 'exponential', delay: o.backoffMs, jitter: 0.2 },
    removeOnComplete: { age: 24 * 3600, count: 50_000 },
    removeOnFail: { age: 7 * 24 * 3600 },
  };
}

export function createWebhookQueue(o: WebhookQueueOptions): WebhookQueue {
  const q = new Queue<WebhookJobData>(WEBHOOK_QUEUE, {
    connection: { url: o.redisUrl, maxRetriesPerRequest: 1, connectTimeout: 2_000 },
    prefix: o.prefix,
    defaultJobOptions: webhookJobOptions(o),
  });
  // Errors surface on `add`; a dropped connection reconnects by itself.
  q.on('error', () => {});
  return q;
}

/** Adds one job per delivery; throws when Redis does not answer within `timeoutMs`. */
export async function queueDeliveries(
  queue: WebhookQueue,
  ids: string[],
  timeoutMs = 3_000,
): Promise<void> {
  if (ids.length === 0) return;
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      queue.addBulk(
        ids.map((id) => ({ name: 'deliver', data: { deliveryId: id }, opts: { jobId: id } })),
      ),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error('webhook enqueue timed out')), timeoutMs);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

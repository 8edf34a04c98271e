import { createDb } from '@parley/db';
import type { Worker } from 'bullmq';
import { createIndexing } from '@parley/services/indexing';
import { JsonChatClient } from '@parley/services/llm';
import { createLogger, type Logger } from '@parley/services/log';
import { RedisSpool } from '../persistence/spool.ts';
import type { PostmeetingConfig } from './config.ts';
import type { PipelineDeps, PostmeetingStep } from './steps/types.ts';
import { startPostmeetingWorker } from './worker.ts';
import type { PostmeetingJobData } from '@parley/services/postmeeting';
import {
  defaultWebhookSweep,
  emitWebhookEventSafely,
  startWebhookWorker,
  type WebhookEventType,
} from '@parley/services/webhooks';
import {
  createFollowupQueue,
  createSmtpMailer,
  requestFollowup,
  type FollowupJobData,
  type Mailer,
} from '@parley/services/mail';
import { startFollowupWorker } from '../followup/index.ts';

/** The webhook event each step's results make (the others make none). */
const STEP_EVENTS: Partial<Record<PostmeetingStep, WebhookEventType>> = {
  finalise: 'transcript.ready',
  summary: 'summary.ready',
  action_items: 'action_items.ready',
};

export interface PostmeetingService {
  worker: Worker<PostmeetingJobData>;
  /** The follow-up email worker (null without SMTP_URL). */
  followupWorker: Worker<FollowupJobData> | null;
  /** Stops taking jobs, lets running ones finish (up to BullMQ's close), closes connections. */
  close: () => Promise<void>;
}

/** The post-meeting worker's logger: ids, counts and codes only. */
export const postmeetingLogger: Logger = createLogger({ service: 'parley-postmeeting' });

/** Builds the pipeline's dependencies from config and starts its worker and the webhook worker. */
export function startPostmeetingService(
  config: PostmeetingConfig,
  overrides: Partial<PipelineDeps> = {},
  mailer?: Mailer,
): PostmeetingService {
  const db = createDb({ url: config.databaseUrl, poolMax: Math.max(2, config.concurrency + 1) });
  const spool = new RedisSpool(config.redisUrl);
  const log = overrides.log ?? postmeetingLogger;
  const webhooks = startWebhookWorker(db, {
    redisUrl: config.redisUrl,
    prefix: config.prefix,
    ...config.webhooks,
    ...defaultWebhookSweep,
    log,
  });
  const mail = config.mail;
  const followupQueue = mail
    ? createFollowupQueue({
        redisUrl: config.redisUrl,
        prefix: config.prefix,
        attempts: mail.attempts,
        backoffMs: mail.backoffMs,
      })
    : null;
  const deps: PipelineDeps = {
    db,
    spool,
    llm: config.llm
      ? new JsonChatClient({
          apiKey: config.llm.apiKey,
          baseURL: config.llm.baseURL,
          model: config.llm.model,
          timeoutMs: config.llm.timeoutMs,
        })
      : null,
    indexing: createIndexing(config.indexing, db),
    log,
    promptChars: config.promptChars,
    onStepDone: async (step, meetingId, run) => {
      const type = STEP_EVENTS[step];
      if (!type) return;
      await emitWebhookEventSafely(
        db,
        { type, meetingId, run, key: `${type}:${meetingId}:r${run}` },
        { queue: webhooks.queue, log },
      );
    },
    followup: followupQueue ? (meetingId) => requestFollowup(followupQueue, meetingId) : null,
    ...overrides,
  };
  const smtp = mail
    ? (mailer ?? createSmtpMailer({ smtpUrl: mail.smtpUrl, from: mail.from }))
    : null;
  const followupWorker =
    mail && smtp
      ? startFollowupWorker(
          { db, mailer: smtp, origin: mail.origin, secret: mail.secret, log: deps.log },
          { redisUrl: config.redisUrl, prefix: config.prefix },
        )
      : null;
  const worker = startPostmeetingWorker(deps, {
    redisUrl: config.redisUrl,
    prefix: config.prefix,
    concurrency: config.concurrency,
    lockDurationMs: config.lockDurationMs,
    stalledIntervalMs: config.stalledIntervalMs,
  });
  return {
    worker,
    followupWorker,
    close: async () => {
      await worker.close();
      await webhooks.close();
      await followupWorker?.close();
      await followupQueue?.close();
      smtp?.close();
      await spool.close();
      await deps.indexing?.store.close();
      await db.destroy();
    },
  };
}

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
import { startReminderSweep, type SweepPass } from '../reminders/index.ts';
import { createObjectStore } from '@parley/services/storage';
import { createPostmeetingQueue, requestPostmeeting } from '@parley/services/postmeeting';
import type { ImportJobData } from '@parley/protocol';
import { startImportSweep, startImportWorker, type ImportJobDeps } from '../imports/index.ts';
import { createImportQueue } from '@parley/services/imports';
import { loadVad, type Vad } from '../transcription/index.ts';

/** The webhook event each step's results make (the others make none). */
const STEP_EVENTS: Partial<Record<PostmeetingStep, WebhookEventType>> = {
  finalise: 'transcript.ready',
  summary: 'summary.ready',
  action_items: 'action_items.ready',
};

export interface PostmeetingService {
  worker: Worker<PostmeetingJobData>;
  /** The import worker (null without an object store). */
  importWorker: Worker<ImportJobData> | null;
  /** Queues again imports whose job never reached the queue; how many (0 without imports). */
  sweepImports: () => Promise<number>;
  /** The follow-up email worker (null without SMTP_URL). */
  followupWorker: Worker<FollowupJobData> | null;
  /** Action-item reminders and meeting briefs due now (null without email, or while one runs). */
  sweepReminders: () => Promise<SweepPass | null>;
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
  importOverrides: Partial<ImportJobDeps> = {},
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
  const reminders =
    mail && smtp
      ? startReminderSweep({
          db,
          mailer: smtp,
          origin: mail.origin,
          secret: mail.secret,
          hour: mail.reminderHour,
          briefLeadMinutes: mail.briefLeadMinutes,
          log: deps.log,
        })
      : null;
  const worker = startPostmeetingWorker(deps, {
    redisUrl: config.redisUrl,
    prefix: config.prefix,
    concurrency: config.concurrency,
    lockDurationMs: config.lockDurationMs,
    stalledIntervalMs: config.stalledIntervalMs,
  });
  const imports = startImports(config, deps, importOverrides);
  return {
    worker,
    importWorker: imports?.worker ?? null,
    sweepImports: () => imports?.sweep() ?? Promise.resolve(0),
    followupWorker,
    sweepReminders: () => reminders?.sweep() ?? Promise.resolve(null),
    close: async () => {
      await reminders?.close();
      await imports?.close();
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

/** The import worker: its transcripts go on to this service's post-meeting chain. */
function startImports(
  config: PostmeetingConfig,
  deps: PipelineDeps,
  overrides: Partial<ImportJobDeps>,
): {
  worker: Worker<ImportJobData>;
  sweep: () => Promise<number>;
  close: () => Promise<void>;
} | null {
  const c = config.imports;
  if (!c) return null;
  const queue = createPostmeetingQueue({ redisUrl: config.redisUrl, prefix: config.prefix });
  let vad: Promise<Vad> | null = null;
  const worker = startImportWorker(
    {
      db: deps.db,
      store: createObjectStore(c.s3),
      stt: c.stt,
      vad: () => (vad ??= loadVad({ ...c.stt.vad, batchWaitMs: 0 })),
      log: deps.log ?? postmeetingLogger,
      ffmpeg: 'ffmpeg',
      decoders: c.settings.decoders,
      maxDurationMs: c.settings.maxDurationMs,
      progressEveryMs: 1000,
      requestPostmeeting: async (meetingId) => {
        await requestPostmeeting(deps.db, queue, meetingId, 'meeting_ended');
      },
      ...overrides,
    },
    {
      redisUrl: config.redisUrl,
      prefix: config.prefix,
      concurrency: c.settings.concurrency,
      lockDurationMs: config.lockDurationMs,
    },
  );
  const importQueue = createImportQueue({ redisUrl: config.redisUrl, prefix: config.prefix });
  const sweep = startImportSweep({
    db: deps.db,
    queue: importQueue,
    log: deps.log ?? postmeetingLogger,
  });
  return {
    worker,
    sweep: sweep.sweep,
    close: async () => {
      sweep.close();
      await worker.close();
      await importQueue.close();
      await queue.close();
      if (vad) await (await vad).close();
    },
  };
}

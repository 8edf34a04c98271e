import { dbEnvSchema } from '@parley/db';
import {
  composeEnv,
  envBool,
  indexingConfigFrom,
  indexingEnvSchema,
  llmConnectionFrom,
  llmEnvSchema,
  mailConfigFrom,
  mailEnvSchema,
  mailSecretEnvSchema,
  openaiEnvSchema,
  outboundEnvSchema,
  postmeetingQueueEnvSchema,
  redisEnvSchema,
  s3ConfigFromEnv,
  storageEnvSchema,
  webhooksEnvSchema,
} from '@parley/services/env';
import type { OutboundPolicy } from '@parley/services/outbound';
import type { IndexingConfig } from '@parley/services/indexing';
import type { MailConfig } from '@parley/services/mail';
import { z } from 'zod';
import type { S3Config } from '@parley/services/storage';
import {
  ConfigError,
  configError,
  parseAgentEnv,
  sttConfigFromEnv,
  type SttConfig,
} from '../config.ts';
import {
  importEnvSchema,
  importSettingsFrom,
  type ImportWorkerSettings,
} from '../imports/worker.ts';

// Settings of the post-meeting workers: a pure function of an env object (main.ts and the CLI
// pass process.env once).

/** The workers' own settings. */
export const postmeetingEnvSchema = z.object({
  POSTMEETING_WORKER: envBool.default(true),
  POSTMEETING_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(2),
  POSTMEETING_LOCK_MS: z.coerce.number().int().min(1_000).max(600_000).default(30_000),
  POSTMEETING_STALLED_INTERVAL_MS: z.coerce.number().int().min(500).max(600_000).default(30_000),
  POSTMEETING_LLM: z.enum(['auto', 'off']).default('auto'),
  POSTMEETING_LLM_TIMEOUT_MS: z.coerce.number().int().min(1_000).max(600_000).default(60_000),
  POSTMEETING_PROMPT_CHARS: z.coerce.number().int().min(1_000).max(1_000_000).default(60_000),
});

const schema = composeEnv(
  dbEnvSchema,
  redisEnvSchema,
  postmeetingQueueEnvSchema,
  llmEnvSchema,
  openaiEnvSchema,
  indexingEnvSchema,
  mailEnvSchema,
  mailSecretEnvSchema,
  postmeetingEnvSchema,
  webhooksEnvSchema,
  outboundEnvSchema,
  storageEnvSchema,
  importEnvSchema,
);

export interface PostmeetingConfig {
  databaseUrl: string;
  redisUrl: string;
  /** Run the worker inside the agent process (else only `pnpm agent jobs` runs chains). */
  inAgent: boolean;
  prefix: string;
  concurrency: number;
  lockDurationMs: number;
  stalledIntervalMs: number;
  llm: { apiKey: string; baseURL: string | undefined; model: string; timeoutMs: number } | null;
  promptChars: number;
  indexing: IndexingConfig;
  /** Outgoing webhook delivery (its worker runs beside the post-meeting one). */
  webhooks: {
    concurrency: number;
    perEndpoint: number;
    attempts: number;
    backoffMs: number;
    timeoutMs: number;
    disableAfter: number;
    policy: OutboundPolicy;
  };
  /** The follow-up email after the chain (null: SMTP_URL unset, no email). */
  mail: MailConfig | null;
  /** Transcribing imported recordings (null without an object store: nothing to import). */
  imports: { s3: S3Config; stt: SttConfig; settings: ImportWorkerSettings } | null;
}

/** Throws a ConfigError naming each bad variable. */
export function postmeetingConfigFromEnv(
  env: Record<string, string | undefined>,
): PostmeetingConfig {
  const e = parseAgentEnv(schema, env);
  if (!e.REDIS_URL) throw new ConfigError('REDIS_URL: required for the post-meeting queue');
  const idx = indexingConfigFrom(e);
  if (!idx.ok) throw configError(idx.problems);
  const mail = mailConfigFrom(e);
  if (!mail.ok) throw configError(mail.problems);
  const llm = llmConnectionFrom(e);
  const s3 = s3ConfigFromEnv(e);
  return {
    databaseUrl: e.DATABASE_URL,
    redisUrl: e.REDIS_URL,
    inAgent: e.POSTMEETING_WORKER,
    prefix: e.POSTMEETING_QUEUE_PREFIX,
    concurrency: e.POSTMEETING_CONCURRENCY,
    lockDurationMs: e.POSTMEETING_LOCK_MS,
    stalledIntervalMs: e.POSTMEETING_STALLED_INTERVAL_MS,
    llm:
      e.POSTMEETING_LLM === 'auto' && llm
        ? { ...llm, timeoutMs: e.POSTMEETING_LLM_TIMEOUT_MS }
        : null,
    promptChars: e.POSTMEETING_PROMPT_CHARS,
    indexing: idx.config,
    webhooks: {
      concurrency: e.WEBHOOK_CONCURRENCY,
      perEndpoint: e.WEBHOOK_ENDPOINT_CONCURRENCY,
      attempts: e.WEBHOOK_ATTEMPTS,
      backoffMs: e.WEBHOOK_BACKOFF_MS,
      timeoutMs: e.WEBHOOK_TIMEOUT_MS,
      disableAfter: e.WEBHOOK_DISABLE_AFTER,
      policy: e.OUTBOUND_ALLOWED_NETWORKS,
    },
    mail: mail.config,
    imports: s3 ? { s3, stt: sttConfigFromEnv(env), settings: importSettingsFrom(e) } : null,
  };
}

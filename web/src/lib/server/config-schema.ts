import { dbEnvSchema } from '@parley/db';
import {
  composeEnv,
  indexingConfigFrom,
  indexingEnvSchema,
  livekitEnvSchema,
  llmConnectionFrom,
  llmEnvSchema,
  mailEnvSchema,
  mailSecretEnvSchema,
  openaiEnvSchema,
  outboundEnvSchema,
  parseEnv,
  postmeetingQueueEnvSchema,
  recordingModeEnvSchema,
  redisEnvSchema,
  s3ConfigFromEnv,
  storageEnvSchema,
  importUploadEnvSchema,
  webhooksEnvSchema,
  type EnvProblem,
} from '@parley/services/env';
import type { OutboundPolicy } from '@parley/services/outbound';
import type { IndexingConfig } from '@parley/services/indexing';
import type { S3Config } from '@parley/services/storage';
import { z } from 'zod';

/** A rate limit written `COUNT/SECONDS`, e.g. `10/300` = 10 per 5 minutes. */
export interface RateLimitSetting {
  limit: number;
  windowSeconds: number;
}

const rateLimit = (name: string, fallback: string) =>
  z
    .string()
    .regex(/^\d{1,9}\/\d{1,7}$/, `${name} must be COUNT/SECONDS, e.g. 10/300`)
    .default(fallback)
    .transform((v, ctx): RateLimitSetting => {
      const [a, b] = v.split('/').map(Number);
      if (!a || !b) {
        ctx.addIssue({ code: 'custom', message: `${name} needs a count and a window above 0` });
        return z.NEVER;
      }
      return { limit: a, windowSeconds: b };
    });

/** The web app's own variables. */
const webEnvSchema = z.object({
  LIVEKIT_PUBLIC_URL: z
    .string()
    .regex(/^wss?:\/\/[^\s]+$/, 'LIVEKIT_PUBLIC_URL must be a ws:// or wss:// URL')
    .optional(),
  TOKEN_TTL_SECONDS: z.coerce.number().int().min(10).max(600).default(600),
  SESSION_TTL_DAYS: z.coerce.number().int().min(1).max(365).default(30),
  SESSION_ABSOLUTE_DAYS: z.coerce.number().int().min(1).max(3650).default(90),
  SESSION_CACHE_MS: z.coerce.number().int().min(0).max(60_000).default(5_000),
  ACCESS_CACHE_MS: z.coerce.number().int().min(0).max(60_000).default(2_000),
  RATE_LIMIT_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_.:-]{1,64}$/, 'RATE_LIMIT_PREFIX must be 1-64 chars of [A-Za-z0-9_.:-]')
    .default('parley'),
  RATE_LIMIT_LOGIN_IP: rateLimit('RATE_LIMIT_LOGIN_IP', '30/300'),
  RATE_LIMIT_LOGIN_ACCOUNT: rateLimit('RATE_LIMIT_LOGIN_ACCOUNT', '10/900'),
  RATE_LIMIT_SIGNUP: rateLimit('RATE_LIMIT_SIGNUP', '20/3600'),
  RATE_LIMIT_TOKEN: rateLimit('RATE_LIMIT_TOKEN', '30/60'),
  RATE_LIMIT_API: rateLimit('RATE_LIMIT_API', '600/60'),
  RATE_LIMIT_IMPORT: rateLimit('RATE_LIMIT_IMPORT', '20/3600'),
  RATE_LIMIT_INVITE_EMAIL: rateLimit('RATE_LIMIT_INVITE_EMAIL', '100/3600'),
  RATE_LIMIT_PASSWORD_RESET: rateLimit('RATE_LIMIT_PASSWORD_RESET', '5/3600'),
  GUEST_LINK_TTL_HOURS: z.coerce.number().int().min(1).max(720).default(24),
  GUEST_SESSION_TTL_HOURS: z.coerce.number().int().min(1).max(48).default(8),
  GUEST_TOKEN_TTL_SECONDS: z.coerce.number().int().min(10).max(600).default(300),
  TEAM_INVITE_TTL_HOURS: z.coerce.number().int().min(1).max(720).default(72),
  RECONCILE_INTERVAL_SECONDS: z.coerce.number().int().min(0).max(3600).default(20),
  AGENT_WATCHDOG_INTERVAL_MS: z.coerce.number().int().min(0).max(60_000).default(2_000),
  WEB_METRICS_PORT: z.coerce.number().int().min(0).max(65535).default(0),
  WEB_METRICS_HOST: z.string().min(1).default('127.0.0.1'),
  RECORDING_URL_TTL_SECONDS: z.coerce.number().int().min(10).max(900).default(300),
  S3_PUBLIC_ENDPOINT: z.url({ error: 'S3_PUBLIC_ENDPOINT must be a URL' }).optional(),
  ASK_LLM: z.enum(['auto', 'off']).default('auto'),
  ASK_LLM_TIMEOUT_MS: z.coerce.number().int().min(1_000).max(120_000).default(20_000),
  CALENDAR_POLL_MINUTES: z.coerce.number().int().min(0).max(1440).default(15),
});

/** Every variable the web app reads: the database's, the shared services' and its own. */
export const envSchema = composeEnv(
  dbEnvSchema,
  livekitEnvSchema,
  redisEnvSchema,
  openaiEnvSchema,
  storageEnvSchema,
  importUploadEnvSchema,
  recordingModeEnvSchema,
  postmeetingQueueEnvSchema,
  llmEnvSchema,
  indexingEnvSchema,
  webhooksEnvSchema,
  outboundEnvSchema,
  mailSecretEnvSchema,
  mailEnvSchema.pick({
    SMTP_URL: true,
    MAIL_FROM: true,
    ACTION_ITEM_REMINDER_HOUR: true,
    FOLLOWUP_EMAIL_ATTEMPTS: true,
    FOLLOWUP_EMAIL_BACKOFF_MS: true,
  }),
  webEnvSchema,
);

export interface Config {
  databaseUrl: string;
  databasePoolMax: number;
  /** URL this server uses for LiveKit (ws:// or wss://). */
  livekitUrl: string;
  /** HTTP(S) form of `livekitUrl`, for the Twirp APIs. */
  livekitHttpUrl: string;
  /** URL handed to browsers. */
  livekitPublicUrl: string;
  livekitApiKey: string;
  livekitApiSecret: string;
  agentName: string;
  tokenTtlSeconds: number;
  /** Idle lifetime of a login session (days unused before it ends). */
  sessionTtlDays: number;
  /** Hard lifetime of a login session from login. */
  sessionAbsoluteDays: number;
  /** How long a resolved session is cached per process (0: never); see `cache/`. */
  sessionCacheMs: number;
  /** How long a user's access to a meeting is cached per process for joins (0: never). */
  accessCacheMs: number;
  redisUrl: string;
  rateLimitPrefix: string;
  rateLimits: {
    loginIp: RateLimitSetting;
    loginAccount: RateLimitSetting;
    signup: RateLimitSetting;
    token: RateLimitSetting;
    api: RateLimitSetting;
    /** Recording uploads (on top of `api`). */
    import: RateLimitSetting;
    /** Emailed meeting invites, per user (on top of `api`). */
    inviteEmail: RateLimitSetting;
    /** Password reset emails, per address and per IP. */
    passwordReset: RateLimitSetting;
  };
  /** Largest recording upload accepted (bytes). */
  importMaxBytes: number;
  guestLinkTtlHours: number;
  guestSessionTtlHours: number;
  guestTokenTtlSeconds: number;
  teamInviteTtlHours: number;
  /** Seconds between room reconciliations (0: off). */
  reconcileIntervalSeconds: number;
  /** Milliseconds between checks for dead agents (0: off). */
  agentWatchdogIntervalMs: number;
  /** Port of the Prometheus `/metrics` listener (0: off); never the public app port. */
  metricsPort: number;
  /** Address the metrics listener binds (`0.0.0.0` inside a container network). */
  metricsHost: string;
  /** Object store, when configured (meeting deletion removes `meetings/<id>/`). */
  s3: S3Config | null;
  /** `egress`: LiveKit Egress records (the agent when it is unavailable); `agent`; `off`. */
  recordingMode: 'egress' | 'agent' | 'off';
  /** Lifetime of presigned playback/download URLs of recordings (≤ 15 min). */
  recordingUrlTtlSeconds: number;
  /** S3 endpoint as browsers reach it (presigned URLs are signed for this host); null: S3_ENDPOINT. */
  s3PublicEndpoint: string | null;
  /** Redis key prefix of the post-meeting queue (same as the agent's). */
  postmeetingQueuePrefix: string;
  /** Chat model for "ask your meetings"; null: answers are the top passages. */
  askLlm: { apiKey: string; baseURL: string | undefined; model: string; timeoutMs: number } | null;
  /** Embeddings + vector store for semantic search (embeddings `none`: full-text only). */
  indexing: IndexingConfig;
  /** Outgoing webhooks: the queue's retry settings, the rotation grace, the SSRF allow list. */
  webhooks: { attempts: number; backoffMs: number; secretGraceHours: number };
  outboundPolicy: OutboundPolicy;
  /** How often subscribed ICS feeds are fetched again (minutes; 0: never). */
  calendarPollMinutes: number;
  /** Key of the unsubscribe links in follow-up emails; null: such links are not accepted. */
  mailSecret: string | null;
  /** Where emailed invites are sent through; null: SMTP_URL unset, no email. */
  smtp: { url: string; from: string } | null;
  /** The hour (UTC) action-item reminders go out (the account page says when the next one is). */
  reminderHour: number;
  /** Tries and first backoff of a follow-up email job a host queues ("Send again"). */
  followupJobs: { attempts: number; backoffMs: number };
}

/** A bad environment: one line per bad variable, each starting with its name. */
export class ConfigError extends Error {
  override name = 'ConfigError';
  readonly problems: string[];
  constructor(problems: string[]) {
    super(`Invalid environment:\n${problems.map((p) => `  ${p}`).join('\n')}`);
    this.problems = problems;
  }
}

/** Validates an environment object; throws a ConfigError naming every bad variable. */
export function parseConfig(env: Record<string, string | undefined>): Config {
  const result = parseEnv(envSchema, env);
  if (!result.ok) throw invalidEnvironment(result.problems);
  const e = result.data;
  const indexing = indexingConfigFrom(e);
  if (!indexing.ok) throw invalidEnvironment(indexing.problems);
  return {
    databaseUrl: e.DATABASE_URL,
    databasePoolMax: e.DATABASE_POOL_MAX,
    livekitUrl: e.LIVEKIT_URL,
    livekitHttpUrl: e.LIVEKIT_URL.replace(/^ws/, 'http'),
    livekitPublicUrl: e.LIVEKIT_PUBLIC_URL ?? e.LIVEKIT_URL,
    livekitApiKey: e.LIVEKIT_API_KEY,
    livekitApiSecret: e.LIVEKIT_API_SECRET,
    agentName: e.PARLEY_AGENT_NAME,
    tokenTtlSeconds: e.TOKEN_TTL_SECONDS,
    sessionTtlDays: e.SESSION_TTL_DAYS,
    sessionAbsoluteDays: e.SESSION_ABSOLUTE_DAYS,
    sessionCacheMs: e.SESSION_CACHE_MS,
    accessCacheMs: e.ACCESS_CACHE_MS,
    redisUrl: e.REDIS_URL ?? 'redis://127.0.0.1:6379',
    rateLimitPrefix: e.RATE_LIMIT_PREFIX,
    rateLimits: {
      loginIp: e.RATE_LIMIT_LOGIN_IP,
      loginAccount: e.RATE_LIMIT_LOGIN_ACCOUNT,
      signup: e.RATE_LIMIT_SIGNUP,
      token: e.RATE_LIMIT_TOKEN,
      api: e.RATE_LIMIT_API,
      import: e.RATE_LIMIT_IMPORT,
      inviteEmail: e.RATE_LIMIT_INVITE_EMAIL,
      passwordReset: e.RATE_LIMIT_PASSWORD_RESET,
    },
    importMaxBytes: e.IMPORT_MAX_BYTES,
    guestLinkTtlHours: e.GUEST_LINK_TTL_HOURS,
    guestSessionTtlHours: e.GUEST_SESSION_TTL_HOURS,
    guestTokenTtlSeconds: e.GUEST_TOKEN_TTL_SECONDS,
    teamInviteTtlHours: e.TEAM_INVITE_TTL_HOURS,
    reconcileIntervalSeconds: e.RECONCILE_INTERVAL_SECONDS,
    agentWatchdogIntervalMs: e.AGENT_WATCHDOG_INTERVAL_MS,
    metricsPort: e.WEB_METRICS_PORT,
    metricsHost: e.WEB_METRICS_HOST,
    s3: s3ConfigFromEnv(e),
    recordingMode: e.RECORDING_MODE,
    recordingUrlTtlSeconds: e.RECORDING_URL_TTL_SECONDS,
    s3PublicEndpoint: e.S3_PUBLIC_ENDPOINT ?? null,
    postmeetingQueuePrefix: e.POSTMEETING_QUEUE_PREFIX,
    askLlm: askLlmConfig(e),
    indexing: indexing.config,
    webhooks: {
      attempts: e.WEBHOOK_ATTEMPTS,
      backoffMs: e.WEBHOOK_BACKOFF_MS,
      secretGraceHours: e.WEBHOOK_SECRET_GRACE_HOURS,
    },
    outboundPolicy: e.OUTBOUND_ALLOWED_NETWORKS,
    calendarPollMinutes: e.CALENDAR_POLL_MINUTES,
    mailSecret: e.MAIL_SECRET ?? null,
    smtp: e.SMTP_URL ? { url: e.SMTP_URL, from: e.MAIL_FROM } : null,
    reminderHour: e.ACTION_ITEM_REMINDER_HOUR,
    followupJobs: { attempts: e.FOLLOWUP_EMAIL_ATTEMPTS, backoffMs: e.FOLLOWUP_EMAIL_BACKOFF_MS },
  };
}

function invalidEnvironment(problems: EnvProblem[]): ConfigError {
  return new ConfigError(problems.map((p) => `${p.name}: ${p.message}`));
}

function askLlmConfig(e: z.output<typeof envSchema>): Config['askLlm'] {
  const llm = llmConnectionFrom(e);
  if (e.ASK_LLM === 'off' || !llm) return null;
  return { ...llm, timeoutMs: e.ASK_LLM_TIMEOUT_MS };
}

import { z } from 'zod';
import { parseIndexingConfig, type IndexingConfig } from '@parley/services/indexing';

// Settings of the post-meeting workers: a pure function of an env object (main.ts and the CLI
// pass process.env once).

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const schema = z.object({
  DATABASE_URL: z.string({ error: 'DATABASE_URL is required' }).regex(/^postgres(ql)?:\/\//),
  REDIS_URL: z
    .string({ error: 'REDIS_URL is required for the post-meeting queue' })
    .regex(/^rediss?:\/\//, 'REDIS_URL must be a redis:// URL'),
  POSTMEETING_WORKER: bool.default(true),
  POSTMEETING_QUEUE_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_.:-]{1,64}$/)
    .default('parley'),
  POSTMEETING_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(2),
  POSTMEETING_LOCK_MS: z.coerce.number().int().min(1_000).max(600_000).default(30_000),
  POSTMEETING_STALLED_INTERVAL_MS: z.coerce.number().int().min(500).max(600_000).default(30_000),
  POSTMEETING_LLM: z.enum(['auto', 'off']).default('auto'),
  POSTMEETING_LLM_TIMEOUT_MS: z.coerce.number().int().min(1_000).max(600_000).default(60_000),
  POSTMEETING_PROMPT_CHARS: z.coerce.number().int().min(1_000).max(1_000_000).default(60_000),
  LLM_API_KEY: z.string().min(1).optional(),
  LLM_BASE_URL: z.url().optional(),
  LLM_MODEL: z.string().min(1).default('gpt-4o-mini'),
  OPENAI_API_KEY: z.string().min(1).optional(),
  OPENAI_BASE_URL: z.url().optional(),
});

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
}

/** Throws an Error naming each bad variable. */
export function postmeetingConfigFromEnv(
  env: Record<string, string | undefined>,
): PostmeetingConfig {
  const cleaned = Object.fromEntries(
    Object.entries(env).filter(([, v]) => v !== undefined && v !== ''),
  );
  const r = schema.safeParse(cleaned);
  const idx = parseIndexingConfig(env);
  const problems = [
    ...(r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`)),
    ...(idx.ok ? [] : idx.problems),
  ];
  if (!r.success || !idx.ok) throw new Error(`invalid configuration: ${problems.join('; ')}`);
  const e = r.data;
  const apiKey = e.LLM_API_KEY ?? e.OPENAI_API_KEY;
  return {
    databaseUrl: e.DATABASE_URL,
    redisUrl: e.REDIS_URL,
    inAgent: e.POSTMEETING_WORKER,
    prefix: e.POSTMEETING_QUEUE_PREFIX,
    concurrency: e.POSTMEETING_CONCURRENCY,
    lockDurationMs: e.POSTMEETING_LOCK_MS,
    stalledIntervalMs: e.POSTMEETING_STALLED_INTERVAL_MS,
    llm:
      e.POSTMEETING_LLM === 'auto' && apiKey
        ? {
            apiKey,
            baseURL: e.LLM_BASE_URL ?? e.OPENAI_BASE_URL,
            model: e.LLM_MODEL,
            timeoutMs: e.POSTMEETING_LLM_TIMEOUT_MS,
          }
        : null,
    promptChars: e.POSTMEETING_PROMPT_CHARS,
    indexing: idx.config,
  };
}

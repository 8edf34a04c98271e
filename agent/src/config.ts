import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dbEnvSchema } from '@parley/db';
import {
  composeEnv,
  envBool,
  indexingConfigFrom,
  indexingEnvSchema,
  livekitEnvSchema,
  llmConnectionFrom,
  llmEnvSchema,
  openaiEnvSchema,
  parseEnv,
  recordingModeEnvSchema,
  redisEnvSchema,
  s3ConfigFromEnv,
  storageEnvSchema,
  type EnvProblem,
} from '@parley/services/env';
import { STT_PROVIDERS, type SttProvider } from '@parley/protocol';
import type { IndexingConfig } from '@parley/services/indexing';
import type { S3Config } from '@parley/services/storage';
import { z } from 'zod';
import type { RecognizerConfig } from './transcription/index.ts';
import type { DenoiseOptions, VadOptions } from './transcription/index.ts';

type Env = Record<string, string | undefined>;

/** Speech: the agent's own settings (the OpenAI-compatible provider's key is shared). */
export const sttEnvSchema = z.object({
  STT_PROVIDER: z.enum(STT_PROVIDERS).optional(),
  DEEPGRAM_API_KEY: z.string().min(1).optional(),
  DEEPGRAM_BASE_URL: z.url({ protocol: /^wss?$/ }).default('wss://api.deepgram.com'),
  DEEPGRAM_MODEL: z.string().min(1).default('nova-3'),
  STT_REALTIME_MODEL: z.string().min(1).default('gpt-4o-transcribe'),
  STT_STALL_MS: z.coerce.number().int().min(200).max(60_000).default(2_500),
  STT_LANGUAGE: z.string().min(2).max(16).default('en'),
  STT_MODEL: z.string().min(1).default('whisper-1'),
  STT_TIMEOUT_MS: z.coerce.number().int().min(500).max(120_000).default(10_000),
  STT_FALLBACK: envBool.default(true),
  POCKETSPHINX_MODEL_DIR: z.string().min(1).default('/usr/share/pocketsphinx/model/en-us'),
  POCKETSPHINX_ACCURATE: envBool.default(false),
  VAD_MIN_SILENCE_MS: z.coerce.number().int().min(100).max(3000).default(350),
  VAD_ACTIVATION_THRESHOLD: z.coerce.number().min(0.05).max(0.95).default(0.5),
  VAD_GATE_RMS: z.coerce.number().int().min(0).max(3000).default(60),
  STT_DENOISE: z.enum(['off', 'auto', 'always']).default('auto'),
});

/** Question suggestions (the chat model's connection is shared: LLM_*). */
export const suggestionsEnvSchema = z.object({
  SUGGESTIONS_PROVIDER: z.enum(['template', 'llm']).optional(),
  LLM_TIMEOUT_MS: z.coerce.number().int().min(500).max(60_000).default(8_000),
  SUGGESTIONS_DEBOUNCE_MS: z.coerce.number().int().min(0).max(30_000).default(100),
  SUGGESTIONS_LLM_INTERVAL_MS: z.coerce.number().int().min(0).max(600_000).default(10_000),
});

/** The worker process and its jobs. */
export const workerEnvSchema = z.object({
  AGENT_IDLE_PROCESSES: z.coerce.number().int().min(0).max(16).default(1),
  AGENT_MAX_JOBS: z.coerce.number().int().min(1).max(1000).default(10),
  AGENT_SHARED_STT: envBool.default(true),
  AGENT_HTTP_PORT: z.coerce.number().int().min(0).max(65535).default(8081),
  AGENT_METRICS_PORT: z.coerce.number().int().min(0).max(65535).default(9464),
  AGENT_METRICS_HOST: z.string().min(1).default('127.0.0.1'),
  AGENT_DRAIN_TIMEOUT_S: z.coerce.number().int().min(0).max(86_400).default(600),
  PARLEY_METRICS_DIR: z.string().min(1).optional(),
  LOG_LEVEL: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal']).default('info'),
  RECORDING_SPOOL_DIR: z.string().min(1).optional(),
  RECORDING_BITRATE_KBPS: z.coerce.number().int().min(6).max(128).default(24),
  RECORDING_PART_MB: z.coerce.number().int().min(5).max(1024).default(5),
  RECORDING_EGRESS_WAIT_MS: z.coerce.number().int().min(0).max(120_000).default(4_000),
  RETENTION_INTERVAL_MINUTES: z.coerce.number().int().min(0).max(10_080).default(60),
  AGENT_LOOP_STALL_MS: z.coerce.number().int().min(0).max(60_000).default(250),
  // The agents framework's own loop monitor (its variable): off unless asked for, see main.ts.
  LIVEKIT_AGENTS_LOOP_BLOCK_WARN_MS: z.coerce.number().int().min(0).max(60_000).default(0),
});

const sttSchema = composeEnv(openaiEnvSchema, sttEnvSchema);
const suggestionsSchema = composeEnv(llmEnvSchema, openaiEnvSchema, suggestionsEnvSchema);
const workerSchema = composeEnv(
  livekitEnvSchema,
  dbEnvSchema,
  redisEnvSchema,
  storageEnvSchema,
  recordingModeEnvSchema,
  openaiEnvSchema,
  indexingEnvSchema,
  workerEnvSchema,
);

/** Recording and retention settings (RECORDING_*, RETENTION_*, S3_*). */
export interface RecordingConfig {
  /** `egress`: LiveKit records, the agent only when no egress runs; `agent`: the agent; `off`. */
  mode: 'egress' | 'agent' | 'off';
  /** Object store; null when S3_* are not all set (then nothing is recorded here). */
  s3: S3Config | null;
  /** Local folder for audio not yet in S3. */
  spoolDir: string;
  bitrateKbps: number;
  /** Multipart part size (S3 minimum 5 MiB). */
  partBytes: number;
  egressWaitMs: number;
  /** Minutes between retention runs (0: off). */
  retentionIntervalMinutes: number;
}

export interface SttConfig {
  recognizer: RecognizerConfig;
  language: string;
  vad: Partial<VadOptions>;
  /** Frames quieter than this RMS skip the VAD while nobody speaks (0: every frame goes). */
  gateRms: number;
  /** Noise suppression ahead of the VAD and recogniser (null: off). */
  denoise: Partial<DenoiseOptions> | null;
}

export interface LiveKitConfig {
  url: string;
  apiKey: string;
  apiSecret: string;
}

export interface SuggestionsConfig {
  provider: 'template' | 'llm';
  llm: { apiKey?: string; baseURL?: string; model: string; timeoutMs: number };
  debounceMs: number;
  /** Least time between LLM calls per room. */
  llmIntervalMs: number;
}

export interface WorkerConfig {
  livekit: LiveKitConfig;
  databaseUrl: string;
  agentName: string;
  idleProcesses: number;
  /** Meetings one worker takes at most; past that LiveKit sends new ones to other workers. */
  maxJobs: number;
  /** Local recognition in one shared process per worker instead of in every job. */
  sharedStt: boolean;
  httpPort: number;
  metricsPort: number;
  metricsHost: string;
  /**
   * On SIGTERM the worker takes no new meetings and waits this long for running ones to end
   * before closing them (segments flushed; the web watchdog re-dispatches them elsewhere).
   */
  drainTimeoutS: number;
  /** Folder where job processes leave their metrics for the worker (set by the worker). */
  metricsDir: string | null;
  /** Redis for the segment spool; without it a final waits briefly for Postgres instead. */
  redisUrl: string | null;
  logLevel: string;
  /**
   * Event-loop delays this long (ms) are logged and counted, in the worker and each job
   * (0: not watched). Resolution ±100 ms.
   */
  loopStallMs: number;
  /** The agents framework's loop monitor threshold (0: its monitor off). */
  frameworkLoopWarnMs: number;
  stt: SttConfig;
  suggestions: SuggestionsConfig;
  recording: RecordingConfig;
  /** The semantic index (retention deletes the vectors of expired transcripts). */
  indexing: IndexingConfig;
}

/** Thrown for a missing or invalid setting; the message names the variable. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** A ConfigError naming every problem. */
export function configError(problems: EnvProblem[]): ConfigError {
  return new ConfigError(
    `invalid configuration: ${problems.map((p) => `${p.name}: ${p.message}`).join('; ')}`,
  );
}

/** Validates `env` against `schema`; a bad setting is a ConfigError naming the variable. */
export function parseAgentEnv<T extends z.ZodType>(schema: T, env: Env): z.output<T> {
  const r = parseEnv(schema, env);
  if (!r.ok) throw configError(r.problems);
  return r.data;
}

/** Suggestion settings: the LLM engine when a key is set (LLM_API_KEY, else OPENAI_API_KEY). */
export function suggestionsConfigFromEnv(env: Env): SuggestionsConfig {
  const e = parseAgentEnv(suggestionsSchema, env);
  const llm = llmConnectionFrom(e);
  const provider = e.SUGGESTIONS_PROVIDER ?? (llm ? 'llm' : 'template');
  if (provider === 'llm' && !llm) {
    throw new ConfigError('LLM_API_KEY: required when SUGGESTIONS_PROVIDER is llm');
  }
  return {
    provider,
    llm: {
      apiKey: llm?.apiKey,
      baseURL: llm?.baseURL,
      model: e.LLM_MODEL,
      timeoutMs: e.LLM_TIMEOUT_MS,
    },
    debounceMs: e.SUGGESTIONS_DEBOUNCE_MS,
    llmIntervalMs: e.SUGGESTIONS_LLM_INTERVAL_MS,
  };
}

/** Speech settings; `overrideProvider` is the CLI's `--stt`. */
export function sttConfigFromEnv(env: Env, overrideProvider?: string): SttConfig {
  const e = parseAgentEnv(sttSchema, env);
  const provider = ((overrideProvider as SttProvider | undefined) ??
    e.STT_PROVIDER ??
    (e.OPENAI_API_KEY ? 'openai' : 'local')) as SttProvider | undefined;
  if (!provider || !STT_PROVIDERS.includes(provider)) {
    throw new ConfigError(
      `unknown STT provider "${String(provider)}" (use ${STT_PROVIDERS.join(', ')})`,
    );
  }
  if ((provider === 'openai' || provider === 'openai-realtime') && !e.OPENAI_API_KEY) {
    throw new ConfigError(`OPENAI_API_KEY: required when STT_PROVIDER is ${provider}`);
  }
  if (provider === 'deepgram' && !e.DEEPGRAM_API_KEY) {
    throw new ConfigError('DEEPGRAM_API_KEY: required when STT_PROVIDER is deepgram');
  }
  return {
    language: e.STT_LANGUAGE,
    vad: { minSilenceMs: e.VAD_MIN_SILENCE_MS, activationThreshold: e.VAD_ACTIVATION_THRESHOLD },
    gateRms: e.VAD_GATE_RMS,
    denoise:
      e.STT_DENOISE === 'off'
        ? null
        : e.STT_DENOISE === 'always'
          ? { maxSnrDb: Number.POSITIVE_INFINITY }
          : {},
    recognizer: {
      provider,
      fallback: e.STT_FALLBACK,
      local: {
        modelDir: e.POCKETSPHINX_MODEL_DIR,
        // Accurate mode: pocketsphinx's own (wider) search limits instead of FAST_SEARCH.
        ...(e.POCKETSPHINX_ACCURATE ? { extra: {} } : {}),
      },
      openai: {
        apiKey: e.OPENAI_API_KEY,
        baseURL: e.OPENAI_BASE_URL,
        model: e.STT_MODEL,
        language: e.STT_LANGUAGE,
        timeoutMs: e.STT_TIMEOUT_MS,
      },
      deepgram: {
        apiKey: e.DEEPGRAM_API_KEY,
        baseUrl: e.DEEPGRAM_BASE_URL,
        model: e.DEEPGRAM_MODEL,
        language: e.STT_LANGUAGE,
      },
      openaiRealtime: { model: e.STT_REALTIME_MODEL, language: e.STT_LANGUAGE },
      streaming: { stallMs: e.STT_STALL_MS },
    },
  };
}

export function livekitConfigFromEnv(env: Env): LiveKitConfig {
  const e = parseAgentEnv(livekitEnvSchema, env);
  return { url: e.LIVEKIT_URL, apiKey: e.LIVEKIT_API_KEY, apiSecret: e.LIVEKIT_API_SECRET };
}

export function workerConfigFromEnv(env: Env): WorkerConfig {
  const e = parseAgentEnv(workerSchema, env);
  const indexing = indexingConfigFrom(e);
  if (!indexing.ok) throw configError(indexing.problems);
  return {
    livekit: { url: e.LIVEKIT_URL, apiKey: e.LIVEKIT_API_KEY, apiSecret: e.LIVEKIT_API_SECRET },
    databaseUrl: e.DATABASE_URL,
    agentName: e.PARLEY_AGENT_NAME,
    idleProcesses: e.AGENT_IDLE_PROCESSES,
    maxJobs: e.AGENT_MAX_JOBS,
    sharedStt: e.AGENT_SHARED_STT,
    httpPort: e.AGENT_HTTP_PORT,
    metricsPort: e.AGENT_METRICS_PORT,
    metricsHost: e.AGENT_METRICS_HOST,
    drainTimeoutS: e.AGENT_DRAIN_TIMEOUT_S,
    metricsDir: e.PARLEY_METRICS_DIR ?? null,
    redisUrl: e.REDIS_URL ?? null,
    logLevel: e.LOG_LEVEL,
    loopStallMs: e.AGENT_LOOP_STALL_MS,
    frameworkLoopWarnMs: e.LIVEKIT_AGENTS_LOOP_BLOCK_WARN_MS,
    stt: sttConfigFromEnv(env),
    suggestions: suggestionsConfigFromEnv(env),
    recording: recordingConfig(e),
    indexing: indexing.config,
  };
}

function recordingConfig(e: z.output<typeof workerSchema>): RecordingConfig {
  return {
    mode: e.RECORDING_MODE,
    s3: s3ConfigFromEnv(e),
    spoolDir: e.RECORDING_SPOOL_DIR ?? join(tmpdir(), 'parley-recordings'),
    bitrateKbps: e.RECORDING_BITRATE_KBPS,
    partBytes: e.RECORDING_PART_MB * 1024 * 1024,
    egressWaitMs: e.RECORDING_EGRESS_WAIT_MS,
    retentionIntervalMinutes: e.RETENTION_INTERVAL_MINUTES,
  };
}

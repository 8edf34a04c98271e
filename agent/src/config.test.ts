import { readFileSync } from 'node:fs';
import { dbEnvSchema } from '@parley/db';
import {
  composeEnv,
  indexingEnvSchema,
  livekitEnvSchema,
  llmEnvSchema,
  openaiEnvSchema,
  postmeetingQueueEnvSchema,
  recordingModeEnvSchema,
  redisEnvSchema,
  storageEnvSchema,
} from '@parley/services/env';
import { describe, expect, it } from 'vitest';
import {
  ConfigError,
  sttEnvSchema,
  suggestionsEnvSchema,
  workerConfigFromEnv,
  workerEnvSchema,
} from './config.ts';
import { postmeetingConfigFromEnv, postmeetingEnvSchema } from './postmeeting/config.ts';

const base = {
  LIVEKIT_URL: 'ws://127.0.0.1:7880',
  LIVEKIT_API_KEY: 'k',
  LIVEKIT_API_SECRET: 's',
  DATABASE_URL: 'postgres://u:p@127.0.0.1:5432/db',
};

describe('worker configuration', () => {
  it('takes empty variables as unset (compose writes `KEY: ${KEY:-}`)', () => {
    const c = workerConfigFromEnv({
      ...base,
      OPENAI_API_KEY: '',
      OPENAI_BASE_URL: '',
      STT_PROVIDER: '',
      SUGGESTIONS_PROVIDER: '',
      LLM_API_KEY: '',
      LLM_BASE_URL: '',
      LLM_MODEL: '',
      RECORDING_MODE: '',
    });
    expect(c.stt.recognizer.provider).toBe('local');
    expect(c.recording.mode).toBe('egress');
  });

  it('stops on a bad value, naming the variable', () => {
    expect(() => workerConfigFromEnv({ ...base, OPENAI_BASE_URL: 'not a url' })).toThrow(
      ConfigError,
    );
    expect(() => workerConfigFromEnv({ ...base, OPENAI_BASE_URL: 'not a url' })).toThrow(
      /OPENAI_BASE_URL/,
    );
    expect(() => workerConfigFromEnv({ ...base, LIVEKIT_URL: '' })).toThrow(/LIVEKIT_URL/);
    expect(() => workerConfigFromEnv({ ...base, AGENT_LOOP_STALL_MS: '-5' })).toThrow(
      /AGENT_LOOP_STALL_MS/,
    );
  });

  it("watches the event loop itself and keeps the framework's 20 ms monitor off", () => {
    const c = workerConfigFromEnv(base);
    expect([c.loopStallMs, c.frameworkLoopWarnMs]).toEqual([250, 0]);
    const asked = workerConfigFromEnv({ ...base, LIVEKIT_AGENTS_LOOP_BLOCK_WARN_MS: '100' });
    expect(asked.frameworkLoopWarnMs).toBe(100);
  });
});

describe("the agent's variables", () => {
  it('are each declared once (by the agent, the database or the services) and in the README', () => {
    const all = composeEnv(
      dbEnvSchema,
      livekitEnvSchema,
      redisEnvSchema,
      openaiEnvSchema,
      storageEnvSchema,
      recordingModeEnvSchema,
      postmeetingQueueEnvSchema,
      llmEnvSchema,
      indexingEnvSchema,
      sttEnvSchema,
      suggestionsEnvSchema,
      workerEnvSchema,
      postmeetingEnvSchema,
    );
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    expect(Object.keys(all.shape).filter((v) => !readme.includes(`\`${v}\``))).toEqual([]);
  });

  it('post-meeting workers need Redis and a consistent index setting', () => {
    expect(() => postmeetingConfigFromEnv(base)).toThrow(/REDIS_URL/);
    const env = { ...base, REDIS_URL: 'redis://127.0.0.1:6379' };
    expect(postmeetingConfigFromEnv(env)).toMatchObject({ llm: null, prefix: 'parley' });
    expect(() => postmeetingConfigFromEnv({ ...env, VECTOR_STORE: 'pinecone' })).toThrow(
      /PINECONE_API_KEY/,
    );
  });
});

import { describe, expect, it } from 'vitest';
import { ConfigError, workerConfigFromEnv } from './config.ts';

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
  });
});

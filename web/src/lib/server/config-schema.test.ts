import { describe, expect, it } from 'vitest';
import { parseConfig } from './config-schema.ts';

const base = {
  DATABASE_URL: 'postgres://u@127.0.0.1:5432/parley',
  LIVEKIT_URL: 'ws://127.0.0.1:7880',
  LIVEKIT_API_KEY: 'key',
  LIVEKIT_API_SECRET: 'secret',
};

describe('parseConfig', () => {
  it('applies defaults', () => {
    const c = parseConfig(base);
    expect(c).toMatchObject({
      livekitPublicUrl: 'ws://127.0.0.1:7880',
      livekitHttpUrl: 'http://127.0.0.1:7880',
      agentName: 'parley',
      tokenTtlSeconds: 600,
      sessionTtlDays: 30,
      databasePoolMax: 10,
    });
  });

  it('maps wss to https and honours LIVEKIT_PUBLIC_URL', () => {
    const c = parseConfig({
      ...base,
      LIVEKIT_URL: 'wss://lk.internal',
      LIVEKIT_PUBLIC_URL: 'wss://lk.example.com',
    });
    expect(c.livekitHttpUrl).toBe('https://lk.internal');
    expect(c.livekitPublicUrl).toBe('wss://lk.example.com');
  });

  it('treats empty strings as unset', () => {
    expect(parseConfig({ ...base, LIVEKIT_PUBLIC_URL: '', TOKEN_TTL_SECONDS: '' })).toMatchObject({
      livekitPublicUrl: 'ws://127.0.0.1:7880',
      tokenTtlSeconds: 600,
    });
  });

  it.each([
    ['LIVEKIT_API_SECRET', { ...base, LIVEKIT_API_SECRET: undefined }],
    ['DATABASE_URL', { ...base, DATABASE_URL: 'mysql://x' }],
    ['LIVEKIT_URL', { ...base, LIVEKIT_URL: 'http://x' }],
    ['TOKEN_TTL_SECONDS', { ...base, TOKEN_TTL_SECONDS: '601' }],
    ['TOKEN_TTL_SECONDS', { ...base, TOKEN_TTL_SECONDS: 'ten' }],
    ['SESSION_TTL_DAYS', { ...base, SESSION_TTL_DAYS: '0' }],
  ])('names the bad variable %s', (name, env) => {
    expect(() => parseConfig(env)).toThrow(name);
  });
});

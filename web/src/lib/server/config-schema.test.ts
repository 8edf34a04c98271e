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

  it('parses rate limits and the object store', () => {
    const c = parseConfig({
      ...base,
      RATE_LIMIT_TOKEN: '100000/60',
      S3_ENDPOINT: 'http://127.0.0.1:59000',
      S3_ACCESS_KEY: 'a',
      S3_SECRET_KEY: 'b',
      S3_BUCKET: 'parley',
    });
    expect(c.rateLimits.token).toEqual({ limit: 100000, windowSeconds: 60 });
    expect(c.rateLimits.loginAccount).toEqual({ limit: 10, windowSeconds: 900 });
    expect(c.s3).toMatchObject({ endPoint: '127.0.0.1', port: 59000, useSSL: false });
    expect(parseConfig(base).s3).toBeNull();
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
    ['RATE_LIMIT_TOKEN', { ...base, RATE_LIMIT_TOKEN: 'lots' }],
    ['RATE_LIMIT_API', { ...base, RATE_LIMIT_API: '0/60' }],
    ['REDIS_URL', { ...base, REDIS_URL: 'http://x' }],
    ['RECONCILE_INTERVAL_SECONDS', { ...base, RECONCILE_INTERVAL_SECONDS: '-1' }],
  ])('names the bad variable %s', (name, env) => {
    expect(() => parseConfig(env)).toThrow(name);
  });
});

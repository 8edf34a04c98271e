import { describe, expect, it } from 'vitest';
import { ConfigError, workerConfigFromEnv } from '../config.ts';

const base = {
  LIVEKIT_URL: 'ws://127.0.0.1:7880',
  LIVEKIT_API_KEY: 'k',
  LIVEKIT_API_SECRET: 's',
  DATABASE_URL: 'postgres://u:p@127.0.0.1:5432/db',
};
const s3 = {
  S3_ENDPOINT: 'http://127.0.0.1:59000',
  S3_ACCESS_KEY: 'a',
  S3_SECRET_KEY: 'b',
  S3_BUCKET: 'parley',
};

describe('recording settings', () => {
  it('defaults: egress mode (agent fallback), 24 kbit/s, 5 MiB parts, hourly retention', () => {
    const r = workerConfigFromEnv({ ...base, ...s3 }).recording;
    expect(r.mode).toBe('egress');
    expect(r.bitrateKbps).toBe(24);
    expect(r.partBytes).toBe(5 * 1024 * 1024);
    expect(r.retentionIntervalMinutes).toBe(60);
    expect(r.s3).toEqual(
      expect.objectContaining({
        endPoint: '127.0.0.1',
        port: 59000,
        useSSL: false,
        region: 'us-east-1',
      }),
    );
    expect(r.spoolDir).toMatch(/parley-recordings$/);
  });

  it('no object store: recording has nowhere to go (s3 null), the worker still starts', () => {
    expect(workerConfigFromEnv(base).recording.s3).toBeNull();
  });

  it('names the variable when a value is wrong', () => {
    expect(() => workerConfigFromEnv({ ...base, RECORDING_MODE: 'tape' })).toThrow(
      /RECORDING_MODE/,
    );
    expect(() => workerConfigFromEnv({ ...base, RECORDING_PART_MB: '1' })).toThrow(
      /RECORDING_PART_MB/,
    );
    expect(() => workerConfigFromEnv({ ...base, RECORDING_PART_MB: '1' })).toThrow(ConfigError);
  });
});

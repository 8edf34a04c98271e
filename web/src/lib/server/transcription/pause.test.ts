import { describe, expect, it, vi } from 'vitest';
import {
  PAUSE_TTL_SECONDS,
  isPauseRemembered,
  pauseAttributes,
  pauseKey,
  rememberPause,
  type PauseRedis,
} from './pause.ts';

function fakeRedis() {
  const store = new Map<string, string>();
  const redis = {
    set: vi.fn((k: string, v: string) => {
      store.set(k, v);
      return Promise.resolve('OK');
    }),
    del: vi.fn((k: string) => Promise.resolve(store.delete(k) ? 1 : 0)),
    exists: vi.fn((k: string) => Promise.resolve(store.has(k) ? 1 : 0)),
  };
  return { redis: redis as unknown as PauseRedis, raw: redis, store };
}

describe('transcription pause store', () => {
  it('keys by meeting and identity under the prefix', () => {
    expect(pauseKey('parley', 'm1', 'u1')).toBe('parley:transcription-paused:m1:u1');
  });

  it('remembers a pause with a 24 h TTL and forgets it on resume', async () => {
    const { redis, raw } = fakeRedis();
    await rememberPause(redis, 'p', 'm1', 'u1', true);
    expect(raw.set).toHaveBeenCalledWith(
      'p:transcription-paused:m1:u1',
      '1',
      'EX',
      PAUSE_TTL_SECONDS,
    );
    expect(PAUSE_TTL_SECONDS).toBe(86_400);
    expect(await isPauseRemembered(redis, 'p', 'm1', 'u1')).toBe(true);
    expect(await isPauseRemembered(redis, 'p', 'm1', 'u2')).toBe(false);
    expect(await isPauseRemembered(redis, 'p', 'm2', 'u1')).toBe(false);
    await rememberPause(redis, 'p', 'm1', 'u1', false);
    expect(await isPauseRemembered(redis, 'p', 'm1', 'u1')).toBe(false);
  });

  it('answers "not paused" and logs ids only when Redis is down', async () => {
    const { redis, raw } = fakeRedis();
    raw.exists.mockRejectedValue(new Error('Connection is closed.'));
    const warn = vi.fn();
    expect(await isPauseRemembered(redis, 'p', 'm1', 'u1', { warn })).toBe(false);
    expect(warn).toHaveBeenCalledOnce();
    expect(warn.mock.calls[0]?.[0]).toEqual({ meetingId: 'm1' });
    expect(JSON.stringify(warn.mock.calls[0])).not.toContain('Connection is closed');
  });

  it('puts the attribute on the token only when paused', () => {
    expect(pauseAttributes(true)).toEqual({ 'parley.transcription': 'paused' });
    expect(pauseAttributes(false)).toEqual({});
  });
});

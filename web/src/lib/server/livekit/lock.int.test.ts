import { devEnv } from '@parley/testkit';
import { afterAll, describe, expect, it } from 'vitest';
import { createRedis } from '../redis-client.ts';
import { RedisKeyedLock } from './lock.ts';

// Two web replicas are two processes: each has its own RedisKeyedLock (and Redis client).
const a = createRedis(devEnv().REDIS_URL ?? 'redis://127.0.0.1:56379');
const b = createRedis(devEnv().REDIS_URL ?? 'redis://127.0.0.1:56379');
const prefix = `test-room-lock-${process.pid}-${Date.now()}`;

afterAll(() => {
  a.disconnect();
  b.disconnect();
});

/** Runs `n` overlapping calls per lock on one key; resolves with the most that ran at once. */
async function maxConcurrency(locks: RedisKeyedLock[], n: number, key = 'meeting-x') {
  let now = 0;
  let most = 0;
  const work = async () => {
    now += 1;
    most = Math.max(most, now);
    await new Promise((r) => setTimeout(r, 30));
    now -= 1;
  };
  await Promise.all(locks.flatMap((l) => Array.from({ length: n }, () => l.run(key, work))));
  return most;
}

describe('RedisKeyedLock', () => {
  it('runs one call at a time per key across processes, and lets go of the key after', async () => {
    const locks = [new RedisKeyedLock(() => a, prefix), new RedisKeyedLock(() => b, prefix)];
    expect(await maxConcurrency(locks, 3)).toBe(1);
    expect(await a.exists(`${prefix}:lock:meeting-x`)).toBe(0);
    // Other keys are not held up.
    const other = locks[0]?.run('meeting-y', () => Promise.resolve('ran'));
    expect(await other).toBe('ran');
  });

  it('goes ahead after waitMs when the holder died with the key, and without Redis at all', async () => {
    await a.set(`${prefix}:lock:stuck`, 'a dead process', 'PX', 60_000);
    const lock = new RedisKeyedLock(() => a, prefix, { ttlMs: 10_000, waitMs: 200, pollMs: 20 });
    const t = Date.now();
    expect(await lock.run('stuck', () => Promise.resolve(1))).toBe(1);
    expect(Date.now() - t).toBeGreaterThanOrEqual(200);
    expect(await a.get(`${prefix}:lock:stuck`)).toBe('a dead process'); // not ours to delete

    const down = createRedis('redis://127.0.0.1:1');
    try {
      const offline = new RedisKeyedLock(() => down, prefix);
      expect(await offline.run('k', () => Promise.resolve('ran'))).toBe('ran');
      expect(await maxConcurrency([offline], 3)).toBe(1); // this process's lock still holds
    } finally {
      down.disconnect();
    }
  });
});

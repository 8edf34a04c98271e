import { devEnv } from '@parley/testkit';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { createRedis } from '../redis-client.ts';
import { RateLimiter } from './limiter.ts';

const redis = createRedis(devEnv().REDIS_URL ?? 'redis://127.0.0.1:56379');
const prefix = `test-limiter-${process.pid}-${Date.now()}`;

afterAll(() => {
  redis.disconnect();
});

describe('RateLimiter (Redis)', () => {
  it('allows `limit` hits per fixed window, then refuses with Retry-After', async () => {
    const l = new RateLimiter(redis, prefix);
    const rule = { key: 'k1', limit: 3, windowSeconds: 60 };
    for (let i = 0; i < 3; i++) expect(await l.hit([rule], 'open')).toEqual({ allowed: true });
    const r = await l.hit([rule], 'open');
    expect(r).toMatchObject({ allowed: false, reason: 'limited', key: 'k1' });
    if (!r.allowed) expect(r.retryAfterSeconds).toBeGreaterThan(55);
    expect(await redis.pttl(`${prefix}:rl:k1`)).toBeGreaterThan(55_000);
    await l.reset(['k1']);
    expect((await l.hit([rule], 'open')).allowed).toBe(true);
  });

  it('charges several keys in one round trip and names the one over its limit', async () => {
    const l = new RateLimiter(redis, prefix);
    const wide = { key: 'ip', limit: 10, windowSeconds: 60 };
    const narrow = { key: 'acct', limit: 1, windowSeconds: 60 };
    expect((await l.hit([wide, narrow], 'closed')).allowed).toBe(true);
    expect(await l.hit([wide, narrow], 'closed')).toMatchObject({ allowed: false, key: 'acct' });
    expect(Number(await redis.get(`${prefix}:rl:ip`))).toBe(2);
  });

  it('charges a batch by its cost and gives a refused batch back', async () => {
    const l = new RateLimiter(redis, prefix);
    const r = (cost: number) => ({ key: 'batch', limit: 10, windowSeconds: 60, cost });
    expect((await l.hit([r(6)], 'closed')).allowed).toBe(true);
    expect(await l.hit([r(5)], 'closed')).toMatchObject({ allowed: false, key: 'batch' });
    // The refused 5 were not spent: 4 more still fit, then nothing.
    expect(Number(await redis.get(`${prefix}:rl:batch`))).toBe(6);
    expect((await l.hit([r(4)], 'closed')).allowed).toBe(true);
    expect((await l.hit([r(1)], 'closed')).allowed).toBe(false);
  });

  it('fails open or closed, as chosen, when Redis is unreachable', async () => {
    const down = createRedis('redis://127.0.0.1:1');
    const log = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      const l = new RateLimiter(down, prefix);
      const rule = { key: 'x', limit: 1, windowSeconds: 60 };
      const t = Date.now();
      expect(await l.hit([rule], 'open')).toEqual({ allowed: true });
      expect(await l.hit([rule], 'closed')).toMatchObject({
        allowed: false,
        reason: 'unavailable',
      });
      expect(Date.now() - t).toBeLessThan(3_000);
      expect(log).toHaveBeenCalledTimes(1);
    } finally {
      log.mockRestore();
      down.disconnect();
    }
  });
});

import { Redis } from 'ioredis';

/** A Redis client that fails fast (see `getRedis`). */
export function createRedis(url: string): Redis {
  const r = new Redis(url, {
    enableOfflineQueue: true,
    maxRetriesPerRequest: 0,
    commandTimeout: 250,
    connectTimeout: 1_000,
    retryStrategy: (times) => Math.min(times * 200, 2_000),
    lazyConnect: false,
  });
  // Connection errors are reported once per outage through the limiter; never crash on them.
  r.on('error', () => {});
  return r;
}

import { Redis } from 'ioredis';

/**
 * A Redis client that fails fast (see `getRedis`). Commands issued in the same event-loop turn go
 * out in one write (auto-pipelining): under load, the rate-limit charges and lookups of many
 * requests share a socket write and a read instead of costing one each (a loopback write is a
 * large part of a token request's CPU).
 */
export function createRedis(url: string): Redis {
  const r = new Redis(url, {
    enableAutoPipelining: true,
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

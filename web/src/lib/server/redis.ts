import { Redis } from 'ioredis';
import { config } from './config.ts';

let client: Redis | undefined;

/**
 * The process-wide Redis client. Commands fail fast while Redis is unreachable (no per-command
 * retries, 250 ms timeout) so a Redis outage adds at most 250 ms to a rate-limited request; the
 * client keeps reconnecting in the background. The offline queue stays on so the first requests
 * after start wait for the connection instead of failing.
 */
export function getRedis(): Redis {
  client ??= createRedis(config().redisUrl);
  return client;
}

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

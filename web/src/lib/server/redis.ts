import type { Redis } from 'ioredis';
import { createRedis } from './redis-client.ts';
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

export { createRedis };

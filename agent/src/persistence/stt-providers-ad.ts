import { hostname } from 'node:os';
import {
  STT_PROVIDERS_KEY,
  STT_PROVIDERS_TTL_S,
  type SttProvider,
  type SttProvidersAd,
} from '@parley/protocol';
import { Redis } from 'ioredis';

/**
 * Tells the web app which speech-to-text providers this worker can use (its keys are per
 * deployment), so a team admin choosing one sees whether it will be used. Each worker keeps its
 * own field of one Redis hash fresh every `intervalMs`; readers ignore fields older than the
 * TTL, and the hash itself expires when no worker writes any more. Best effort: Redis being
 * away costs nothing but the hint.
 */
export function advertiseSttProviders(
  redisUrl: string,
  providers: SttProvider[],
  intervalMs = 60_000,
): { stop(): Promise<void> } {
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1, connectTimeout: 2_000 });
  redis.on('error', () => undefined);
  const field = `${hostname()}:${String(process.pid)}`;
  const write = (): void => {
    const ad: SttProvidersAd = { providers, at: Date.now() };
    redis
      .multi()
      .hset(STT_PROVIDERS_KEY, field, JSON.stringify(ad))
      .expire(STT_PROVIDERS_KEY, STT_PROVIDERS_TTL_S)
      .exec()
      .catch(() => undefined);
  };
  write();
  const timer = setInterval(write, intervalMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await redis.hdel(STT_PROVIDERS_KEY, field).catch(() => undefined);
      redis.disconnect();
    },
  };
}

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
 * own field of one Redis hash fresh every `intervalMs` for as long as it runs; readers ignore
 * fields older than the TTL (a stopped worker's word lasts that long), and the hash itself
 * expires when no worker writes any more. Best effort: Redis being away costs only the hint.
 */
export function advertiseSttProviders(
  redisUrl: string,
  providers: SttProvider[],
  intervalMs = 60_000,
): void {
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
  setInterval(write, intervalMs).unref();
}

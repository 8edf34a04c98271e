import {
  STT_PROVIDERS_KEY,
  STT_PROVIDERS_TTL_S,
  parseSttProvidersAd,
  type SttProvider,
} from '@parley/protocol';
import type { Redis } from 'ioredis';

/**
 * The speech-to-text providers the running agent workers can use (any of them: their keys are
 * per deployment), from what each worker writes to Redis; null when none has said lately (no
 * worker running, Redis away), so nothing is claimed either way.
 */
export async function usableSttProviders(
  redis: Pick<Redis, 'hgetall'>,
  now = Date.now(),
): Promise<SttProvider[] | null> {
  const fields = await redis.hgetall(STT_PROVIDERS_KEY).catch(() => ({}));
  const usable = new Set<SttProvider>();
  let fresh = false;
  for (const raw of Object.values(fields)) {
    const ad = parseSttProvidersAd(raw);
    if (!ad || now - ad.at > STT_PROVIDERS_TTL_S * 1000) continue;
    fresh = true;
    for (const p of ad.providers) usable.add(p);
  }
  return fresh ? [...usable] : null;
}

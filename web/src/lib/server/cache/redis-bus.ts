import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { config } from '../config.ts';
import { log } from '../ops/log.ts';
import { getRedis } from '../redis.ts';
import { InvalidationBus } from './bus.ts';
import { installCacheBus, installedCacheBus, PLAN_CACHE_MAX_MS } from './index.ts';

/** Heartbeat period of a process on its own channel. */
export const HEARTBEAT_MS = 250;
/** A process serves caches only while its last returned heartbeat is at most this old. */
export const LIVENESS_MS = 1_000;

let subscriber: Redis | undefined;
let timer: NodeJS.Timeout | undefined;

/**
 * Starts the process's invalidation bus over Redis pub/sub (channel
 * `<RATE_LIMIT_PREFIX>:cache-invalidation`, shared by the deployment's web processes) and installs
 * it. Idempotent.
 */
export function startCacheBus(): InvalidationBus {
  const existing = installedCacheBus();
  if (existing) return existing;
  const c = config();
  const bus = new InvalidationBus({
    channel: `${c.rateLimitPrefix}:cache-invalidation`,
    replicaId: randomUUID(),
    publish: (channel, message) => getRedis().publish(channel, message),
    livenessMs: LIVENESS_MS,
    retryForMs: Math.max(c.sessionCacheMs, c.accessCacheMs, PLAN_CACHE_MAX_MS),
    onLiveChange: (live, why) =>
      live
        ? log.info({ why }, 'caches on: invalidation channel confirmed')
        : log.warn({ why }, 'caches bypassed: invalidation channel not confirmed'),
  });
  // A connection of its own (a subscribed connection can do nothing else). It subscribes on every
  // (re)connect; the returning heartbeat then proves the subscription works.
  const sub = new Redis(c.redisUrl, {
    enableOfflineQueue: false,
    autoResubscribe: false,
    maxRetriesPerRequest: 0,
    connectTimeout: 1_000,
    retryStrategy: (times) => Math.min(times * 200, 2_000),
  });
  sub.on('error', () => {});
  sub.on('ready', () => {
    sub
      .subscribe(bus.channel, bus.heartbeatChannel)
      .then(() => bus.heartbeat())
      .catch(() => sub.disconnect(true));
  });
  sub.on('message', (channel: string, message: string) => bus.received(channel, message));
  sub.on('close', () => bus.connectionLost());
  timer = setInterval(() => bus.heartbeat(), HEARTBEAT_MS);
  timer.unref();
  subscriber = sub;
  installCacheBus(bus);
  return bus;
}

/** Stops the heartbeat and the subscription (shutdown). */
export async function closeCacheBus(): Promise<void> {
  if (timer) clearInterval(timer);
  await subscriber?.quit().catch(() => undefined);
}

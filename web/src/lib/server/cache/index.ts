/**
 * The web app's caches of who may do what, kept consistent across web processes (see `bus.ts`
 * for the protocol and its failure modes). Every cache is made with `createCache`; every change to
 * what a cache holds is followed, after its commit, by `invalidate(...tags)`.
 *
 * Caches serve only once a bus is installed and live: the server installs the Redis one at start
 * (`startCacheBus` in `./redis-bus.ts`, kept apart so this module needs no configuration);
 * without it (unit tests, tools) every lookup reads the source.
 */
import type { Eviction, InvalidationBus } from './bus.ts';
import { TaggedCache } from './tagged-cache.ts';

export { InvalidationBus, type BusOptions, type Eviction } from './bus.ts';
export { TaggedCache, type CacheOptions, type Ticket } from './tagged-cache.ts';

/** Longest lifetime of a dispatch plan entry. */
export const PLAN_CACHE_MAX_MS = 10_000;

/** Tags naming what an entry depends on. */
export const tag = {
  user: (id: string) => `user:${id}`,
  session: (id: string) => `session:${id}`,
  meeting: (id: string) => `meeting:${id}`,
  team: (id: string) => `team:${id}`,
  room: (name: string) => `room:${name}`,
};

let bus: InvalidationBus | undefined;
const caches = new Set<TaggedCache<never>>();

function evictAll(e: Eviction): void {
  for (const cache of caches) cache.evict(e);
}

/** Makes `b` the process's bus: its evictions reach every cache. */
export function installCacheBus(b: InvalidationBus): void {
  bus = b;
  b.onEvict(evictAll);
}

/** The installed bus, if any. */
export function installedCacheBus(): InvalidationBus | undefined {
  return bus;
}

/** A new cache whose entries every process's invalidations evict. */
export function createCache<V>(opts: { maxEntries?: number } = {}): TaggedCache<V> {
  const cache = new TaggedCache<V>({ live: () => bus?.live() ?? false, ...opts });
  caches.add(cache as TaggedCache<never>);
  return cache;
}

/** Evicts entries with any of `tags` in every web process (call after the change committed). */
export async function invalidate(...tags: string[]): Promise<void> {
  if (bus) await bus.invalidate(tags);
  else evictAll(tags);
}

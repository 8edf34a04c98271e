import type { Eviction } from './bus.ts';

interface Entry<V> {
  value: V;
  until: number;
  tags: readonly string[];
}

export interface CacheOptions {
  /** Whether the process may serve from caches now. */
  live: () => boolean;
  /** Past this many entries the cache starts over (bounds memory). */
  maxEntries?: number;
  now?: () => number;
}

/** A fill token: taken before reading the source, handed back to `set`. */
export interface Ticket {
  readonly epoch: number;
}

/**
 * A small in-process cache whose entries carry tags (`user:<id>`, `meeting:<id>`, …) and are
 * evicted by tag when any process changes what they describe (see `InvalidationBus`). Lookups
 * miss while the process is not live, so a process that may have missed an invalidation reads
 * the source instead.
 *
 * Fill race: take a `ticket()` before reading the source and pass it to `set`; the value is
 * stored only if no eviction happened in between (a read that began before a change and ended
 * after its invalidation arrived would otherwise store the old answer).
 */
export class TaggedCache<V> {
  readonly #entries = new Map<string, Entry<V>>();
  readonly #byTag = new Map<string, Set<string>>();
  readonly #opts: CacheOptions;
  #epoch = 0;

  constructor(opts: CacheOptions) {
    this.#opts = opts;
  }

  get size(): number {
    return this.#entries.size;
  }

  /** The cached value, or undefined (absent, expired, or the process is not live). */
  get(key: string): V | undefined {
    const e = this.#entries.get(key);
    if (!e) return undefined;
    if (e.until <= this.#now() || !this.#opts.live()) return undefined;
    return e.value;
  }

  ticket(): Ticket {
    return { epoch: this.#epoch };
  }

  /** Stores `value` for `ttlMs` unless an eviction happened since `ticket` or caching is off. */
  set(ticket: Ticket, key: string, value: V, tags: readonly string[], ttlMs: number): void {
    if (ttlMs <= 0 || ticket.epoch !== this.#epoch || !this.#opts.live()) return;
    if (this.#entries.size >= (this.#opts.maxEntries ?? 50_000)) this.evict('all');
    this.#remove(key);
    this.#entries.set(key, { value, until: this.#now() + ttlMs, tags });
    for (const t of tags) {
      let keys = this.#byTag.get(t);
      if (!keys) this.#byTag.set(t, (keys = new Set()));
      keys.add(key);
    }
  }

  delete(key: string): void {
    this.#epoch += 1;
    this.#remove(key);
  }

  evict(e: Eviction): void {
    this.#epoch += 1;
    if (e === 'all') {
      this.#entries.clear();
      this.#byTag.clear();
      return;
    }
    for (const t of e) {
      const keys = this.#byTag.get(t);
      if (!keys) continue;
      for (const k of [...keys]) this.#remove(k);
    }
  }

  #remove(key: string): void {
    const e = this.#entries.get(key);
    if (!e) return;
    this.#entries.delete(key);
    for (const t of e.tags) {
      const keys = this.#byTag.get(t);
      keys?.delete(key);
      if (keys?.size === 0) this.#byTag.delete(t);
    }
  }

  #now(): number {
    return this.#opts.now?.() ?? Date.now();
  }
}

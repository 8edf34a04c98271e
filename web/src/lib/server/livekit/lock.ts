import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';

/** Runs async work one call at a time per key. */
export interface RoomLock {
  run<T>(key: string, fn: () => Promise<T>): Promise<T>;
}

/**
 * Serializes async work per key inside this process: a call waits for the previous call with the
 * same key to settle before it runs.
 */
export class KeyedLock implements RoomLock {
  readonly #tails = new Map<string, Promise<unknown>>();

  /** Runs `fn` once every earlier `run` for `key` has settled. */
  async run<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const previous = this.#tails.get(key) ?? Promise.resolve();
    const current = previous.then(fn, fn);
    const tail = current.catch(() => undefined);
    this.#tails.set(key, tail);
    try {
      return await current;
    } finally {
      if (this.#tails.get(key) === tail) this.#tails.delete(key);
    }
  }
}

const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then
  return redis.call('del', KEYS[1])
end
return 0`;

/**
 * `KeyedLock` across every process that shares Redis (web replicas): the holder writes
 * `PREFIX:lock:KEY` (NX, expiring after `ttlMs`); the others poll until it is released or
 * `waitMs` has passed, then go ahead. While Redis is unreachable only this process's lock holds:
 * dispatching an agent must not wait for Redis.
 */
export class RedisKeyedLock implements RoomLock {
  readonly #local = new KeyedLock();
  readonly #redis: () => Redis;
  readonly #prefix: string;
  readonly #o: { ttlMs: number; waitMs: number; pollMs: number };

  constructor(
    redis: () => Redis,
    prefix: string,
    o = { ttlMs: 10_000, waitMs: 5_000, pollMs: 50 },
  ) {
    this.#redis = redis;
    this.#prefix = prefix;
    this.#o = o;
  }

  run<T>(key: string, fn: () => Promise<T>): Promise<T> {
    return this.#local.run(key, async () => {
      const name = `${this.#prefix}:lock:${key}`;
      const token = randomUUID();
      const held = await this.#acquire(name, token);
      try {
        return await fn();
      } finally {
        if (held)
          await this.#redis()
            .eval(RELEASE, 1, name, token)
            .catch(() => undefined);
      }
    });
  }

  async #acquire(name: string, token: string): Promise<boolean> {
    const deadline = Date.now() + this.#o.waitMs;
    try {
      for (;;) {
        if ((await this.#redis().set(name, token, 'PX', this.#o.ttlMs, 'NX')) === 'OK') return true;
        if (Date.now() >= deadline) return false;
        await new Promise((r) => setTimeout(r, this.#o.pollMs));
      }
    } catch {
      return false;
    }
  }
}

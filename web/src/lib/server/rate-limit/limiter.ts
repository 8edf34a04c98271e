import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { RateLimitSetting } from '../config-schema.ts';
import { errorFields, log } from '../ops/log.ts';

/** One counter to charge: a key and its limit. */
export interface LimitRule {
  /** Key without the global prefix, e.g. `login:ip:1.2.3.4`. */
  key: string;
  limit: number;
  windowSeconds: number;
  /** What this request counts for (default 1), e.g. the recipients of one email. */
  cost?: number;
}

/**
 * What happens while Redis is unreachable:
 * - `open`: the request goes through unlimited (page views, the general API, token issue — an
 *   outage of the limiter must not take the product down);
 * - `closed`: the request is refused with 503 + Retry-After (login and sign-up — password
 *   guessing must never become unlimited).
 */
export type FailMode = 'open' | 'closed';

export type LimitResult =
  | { allowed: true }
  | { allowed: false; reason: 'limited' | 'unavailable'; retryAfterSeconds: number; key: string };

// Fixed window per key: INCRBY the cost, set the expiry on the first hit, refuse once over the
// limit. All keys of one request are charged in one round trip; the first key over its limit
// wins. A refused single hit still counts (refused attempts are attempts); a refused batch
// (cost > 1) is given back, so one oversized request does not spend the window.
const SCRIPT = `
for i, key in ipairs(KEYS) do
  local limit = tonumber(ARGV[3 * i - 2])
  local window = tonumber(ARGV[3 * i - 1])
  local cost = tonumber(ARGV[3 * i])
  local n = redis.call('INCRBY', key, cost)
  if n == cost then redis.call('PEXPIRE', key, window) end
  if n > limit then
    if cost > 1 then redis.call('DECRBY', key, cost) end
    local ttl = redis.call('PTTL', key)
    if ttl < 0 then redis.call('PEXPIRE', key, window); ttl = window end
    return {i, ttl}
  end
end
return {0, 0}
`;

type WithScript = Redis & {
  parleyLimit?: (...args: (string | number)[]) => Promise<[number, number]>;
};

/** Redis-backed fixed-window rate limiter (shared by every web process). */
export class RateLimiter {
  readonly #redis: WithScript;
  readonly #prefix: string;
  #lastOutageLog = 0;

  constructor(redis: Redis, prefix: string) {
    this.#redis = redis;
    this.#prefix = prefix;
    if (!this.#redis.parleyLimit) this.#redis.defineCommand('parleyLimit', { lua: SCRIPT });
  }

  /** Charges every rule once; refuses when any is over its limit. */
  async hit(rules: LimitRule[], failMode: FailMode): Promise<LimitResult> {
    if (rules.length === 0) return { allowed: true };
    const keys = rules.map((r) => `${this.#prefix}:rl:${r.key}`);
    const argv = rules.flatMap((r) => [r.limit, r.windowSeconds * 1000, r.cost ?? 1]);
    try {
      const fn = this.#redis.parleyLimit;
      if (!fn) throw new Error('rate limit script not defined');
      const [index, ttlMs] = await fn.call(this.#redis, rules.length, ...keys, ...argv);
      if (index === 0) return { allowed: true };
      return {
        allowed: false,
        reason: 'limited',
        retryAfterSeconds: Math.max(1, Math.ceil(ttlMs / 1000)),
        key: rules[index - 1]?.key ?? '',
      };
    } catch (err) {
      const now = Date.now();
      if (now - this.#lastOutageLog > 30_000) {
        this.#lastOutageLog = now;
        log.error({ failing: failMode, ...errorFields(err) }, 'rate limiter unavailable');
      }
      if (failMode === 'open') return { allowed: true };
      return {
        allowed: false,
        reason: 'unavailable',
        retryAfterSeconds: 30,
        key: rules[0]?.key ?? '',
      };
    }
  }

  /** Clears the counters (e.g. the per-account login counter after a successful login). */
  async reset(keys: string[]): Promise<void> {
    if (keys.length === 0) return;
    try {
      await this.#redis.del(...keys.map((k) => `${this.#prefix}:rl:${k}`));
    } catch {
      // The counter expires on its own.
    }
  }
}

/** A rule from a configured setting. */
export function rule(key: string, s: RateLimitSetting, cost = 1): LimitRule {
  return { key, limit: s.limit, windowSeconds: s.windowSeconds, cost };
}

/** Emails are never stored in Redis: accounts are keyed by a hash of the normalised address. */
export function accountKey(email: string): string {
  return createHash('sha256').update(email.trim().toLowerCase()).digest('hex').slice(0, 32);
}

/** Outcome of one attempt against a limiter. */
export interface RateLimitResult {
  allowed: boolean;
  /** Seconds until another attempt is allowed (0 when allowed). */
  retryAfterSeconds: number;
}

/**
 * Fixed-window in-memory limiter (per process). Good enough for one web instance; swap for
 * Redis when there are several.
 */
export class RateLimiter {
  readonly #limit: number;
  readonly #windowMs: number;
  readonly #hits = new Map<string, { count: number; resetAt: number }>();

  constructor(opts: { limit: number; windowMs: number }) {
    this.#limit = opts.limit;
    this.#windowMs = opts.windowMs;
  }

  /** Counts an attempt for `key`. */
  hit(key: string, now = Date.now()): RateLimitResult {
    this.#prune(now);
    let entry = this.#hits.get(key);
    if (!entry || entry.resetAt <= now) {
      entry = { count: 0, resetAt: now + this.#windowMs };
      this.#hits.set(key, entry);
    }
    if (entry.count >= this.#limit) {
      return {
        allowed: false,
        retryAfterSeconds: Math.max(1, Math.ceil((entry.resetAt - now) / 1000)),
      };
    }
    entry.count += 1;
    return { allowed: true, retryAfterSeconds: 0 };
  }

  /** Forgets `key` (e.g. after a successful login). */
  reset(key: string): void {
    this.#hits.delete(key);
  }

  #prune(now: number): void {
    if (this.#hits.size < 10_000) return;
    for (const [k, v] of this.#hits) if (v.resetAt <= now) this.#hits.delete(k);
  }
}

/** Login attempts: 10 per 5 minutes per IP + email. */
export const loginLimiter = new RateLimiter({ limit: 10, windowMs: 5 * 60 * 1000 });

/** The limiter key for a login attempt. */
export function loginLimitKey(ip: string, email: string): string {
  return `${ip}|${email.trim().toLowerCase()}`;
}

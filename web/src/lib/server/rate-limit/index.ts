import { ApiError } from '../http/errors.ts';
import { config } from '../config.ts';
import { getRedis } from '../redis.ts';
import {
  RateLimiter,
  accountKey,
  rule,
  type FailMode,
  type LimitResult,
  type LimitRule,
} from './limiter.ts';

export { RateLimiter, accountKey, rule, type FailMode, type LimitResult, type LimitRule };

let limiter: RateLimiter | undefined;

/** The process-wide limiter (Redis, prefix from RATE_LIMIT_PREFIX). */
export function rateLimiter(): RateLimiter {
  limiter ??= new RateLimiter(getRedis(), config().rateLimitPrefix);
  return limiter;
}

/** The ApiError for a refused request: 429 when limited, 503 when the limiter is down. */
export function limitError(r: Extract<LimitResult, { allowed: false }>): ApiError {
  const headers = { 'retry-after': String(r.retryAfterSeconds) };
  if (r.reason === 'unavailable') {
    return new ApiError(503, 'rate_limiter_unavailable', 'Try again shortly.', { headers });
  }
  return new ApiError(429, 'rate_limited', 'Too many requests. Try again later.', { headers });
}

/** Charges the rules and throws the matching ApiError when refused. */
export async function enforce(rules: LimitRule[], failMode: FailMode): Promise<void> {
  const r = await rateLimiter().hit(rules, failMode);
  if (!r.allowed) throw limitError(r);
}

import type { Redis } from 'ioredis';

// Deliveries in flight per endpoint, counted in Redis so every delivery worker (on any replica)
// shares one cap: a few hanging endpoints cannot take every worker slot from the others. Each
// holder is a lease (a sorted-set member scored by its expiry), so a crashed worker's slot frees
// itself once its attempt's deadline has surely passed.

const ACQUIRE = `
redis.call('zremrangebyscore', KEYS[1], '-inf', ARGV[1])
if redis.call('zcard', KEYS[1]) >= tonumber(ARGV[2]) then return 0 end
redis.call('zadd', KEYS[1], ARGV[3], ARGV[4])
redis.call('pexpire', KEYS[1], ARGV[5])
return 1`;

export interface EndpointSlots {
  /** Takes a slot for `holder` on the endpoint; false when the endpoint's slots are all taken. */
  acquire(endpointId: string, holder: string): Promise<boolean>;
  release(endpointId: string, holder: string): Promise<void>;
}

export interface EndpointSlotOptions {
  /** Redis key prefix (the queue's). */
  prefix: string;
  /** Deliveries at once per endpoint. */
  perEndpoint: number;
  /** How long a slot is held at most (longer than an attempt can take), ms. */
  leaseMs: number;
}

export function redisEndpointSlots(redis: Redis, o: EndpointSlotOptions): EndpointSlots {
  const key = (endpointId: string) => `${o.prefix}:webhooks:inflight:${endpointId}`;
  return {
    async acquire(endpointId, holder) {
      const now = Date.now();
      const lease = [now + o.leaseMs, holder, o.leaseMs];
      const r = await redis.eval(ACQUIRE, 1, key(endpointId), now, o.perEndpoint, ...lease);
      return r === 1;
    },
    async release(endpointId, holder) {
      await redis.zrem(key(endpointId), holder);
    },
  };
}

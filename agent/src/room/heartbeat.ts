import { heartbeatKey } from '@parley/protocol';
import { Redis } from 'ioredis';

const DELETE_IF_OURS = `if redis.call('get', KEYS[1]) == ARGV[1] then
  return redis.call('del', KEYS[1])
end
return 0`;

/**
 * While a job runs, it refreshes a short-lived key in Redis. When its process dies (even by
 * SIGKILL) the key expires within `ttlMs`, and the web app replaces the agent at once instead
 * of waiting for LiveKit to time the dead participant out (~20 s).
 */
export class AgentHeartbeat {
  readonly #redis: Redis;
  readonly #key: string;
  readonly #value: string;
  readonly #ttlMs: number;
  readonly #timer: NodeJS.Timeout;

  constructor(
    redisUrl: string,
    roomName: string,
    jobId: string,
    intervalMs = 1_000,
    ttlMs = 3_000,
  ) {
    this.#redis = new Redis(redisUrl, {
      maxRetriesPerRequest: 1,
      connectTimeout: 2_000,
      enableOfflineQueue: false,
    });
    this.#redis.on('error', () => {});
    this.#key = heartbeatKey(roomName);
    this.#value = jobId;
    this.#ttlMs = ttlMs;
    // The first beat as soon as the connection is up (commands before it fail: no offline queue).
    this.#redis.once('ready', () => this.#beat());
    this.#timer = setInterval(() => this.#beat(), intervalMs);
    this.#timer.unref();
  }

  #beat(): void {
    this.#redis.set(this.#key, this.#value, 'PX', this.#ttlMs).catch(() => undefined);
  }

  /**
   * Stops beating and removes the key (a clean exit is not a crash), unless another job of the
   * room has written it meanwhile: after a hand-over the new agent's heartbeat must stand.
   */
  async stop(): Promise<void> {
    clearInterval(this.#timer);
    await this.#redis.eval(DELETE_IF_OURS, 1, this.#key, this.#value).catch(() => undefined);
    this.#redis.disconnect();
  }
}

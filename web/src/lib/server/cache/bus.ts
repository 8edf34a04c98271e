/**
 * Cross-process cache invalidation. Every web process keeps small caches of who may do what
 * (sessions, meeting access, dispatch plans); a change made in one process must reach all of them.
 *
 * Messages go over one pub/sub channel shared by the deployment's web processes. A process may
 * serve from its caches only while it can prove it would have heard every invalidation: it
 * publishes a heartbeat on a channel of its own every `heartbeatMs` and listens for it; Redis
 * delivers a connection's messages in the order it accepted them, so once the heartbeat published
 * at time `t` came back, every invalidation Redis accepted before it has been applied here. The
 * process is *live* while its newest returned heartbeat was sent at most `livenessMs` ago.
 *
 * Fail safe: not live (Redis unreachable, subscription not confirmed or dropped, heartbeats stuck
 * on a silent connection, an event loop stalled past `livenessMs`) means every cache lookup goes
 * to the source. Losing the connection and becoming live again both clear every cache, since
 * messages may have been missed in between. An invalidation that cannot be published is retried
 * in the background until `retryForMs` (the longest cache lifetime) has passed: by then every
 * entry another process filled before the change has expired on its own.
 */

/** Evict entries carrying any of these tags, or everything. */
export type Eviction = readonly string[] | 'all';

export interface BusOptions {
  /** Channel shared by every process of one deployment. */
  channel: string;
  /** Unique per process (its heartbeat channel is `<channel>:hb:<replicaId>`). */
  replicaId: string;
  /** Sends a message (Redis PUBLISH); rejects when Redis cannot be reached. */
  publish: (channel: string, message: string) => Promise<unknown>;
  /** How long after a heartbeat was sent the process still counts as live. */
  livenessMs: number;
  /** How long a failed publish is retried (the longest cache lifetime). */
  retryForMs: number;
  retryEveryMs?: number;
  now?: () => number;
  /** Told once per change of liveness (for logs). */
  onLiveChange?: (live: boolean, why: string) => void;
}

interface Wire {
  from: string;
  tags: readonly string[];
}

function parseWire(message: string): Wire | null {
  try {
    const v = JSON.parse(message) as { from?: unknown; tags?: unknown };
    if (typeof v.from !== 'string' || !Array.isArray(v.tags)) return null;
    const tags = v.tags as unknown[];
    if (!tags.every((t) => typeof t === 'string')) return null;
    return { from: v.from, tags };
  } catch {
    return null;
  }
}

export class InvalidationBus {
  readonly channel: string;
  readonly heartbeatChannel: string;
  readonly #o: Required<Omit<BusOptions, 'onLiveChange'>> & Pick<BusOptions, 'onLiveChange'>;
  readonly #listeners = new Set<(e: Eviction) => void>();
  /** Send time of the newest heartbeat that came back on the current connection. */
  #confirmedAt = -Infinity;
  #seq = 0;
  /** Heartbeats numbered below this were sent before the connection was lost: ignored. */
  #minSeq = 0;
  #wasLive = false;
  #version = 0;

  constructor(opts: BusOptions) {
    this.#o = { retryEveryMs: 250, now: () => Date.now(), ...opts };
    this.channel = opts.channel;
    this.heartbeatChannel = `${opts.channel}:hb:${opts.replicaId}`;
  }

  /** Whether caches may be served from now. */
  live(): boolean {
    const live = this.#o.now() - this.#confirmedAt <= this.#o.livenessMs;
    if (!live && this.#wasLive) this.#setLive(false, 'heartbeat overdue');
    return live;
  }

  /**
   * Bumped by every eviction this process applies (its own, another process's, or a lost
   * connection): a request that saw the same version at its start and end heard of no change.
   */
  get version(): number {
    return this.#version;
  }

  /** Registers an eviction listener (the caches). */
  onEvict(fn: (e: Eviction) => void): () => void {
    this.#listeners.add(fn);
    return () => this.#listeners.delete(fn);
  }

  /** Sends the next heartbeat (call every heartbeat interval). */
  heartbeat(): void {
    const seq = ++this.#seq;
    this.#o.publish(this.heartbeatChannel, `${seq} ${this.#o.now()}`).catch(() => undefined);
  }

  /** A message from the subscription. */
  received(channel: string, message: string): void {
    if (channel === this.heartbeatChannel) {
      const [seq, sentAt] = message.split(' ').map(Number);
      if (seq === undefined || sentAt === undefined || !(seq >= this.#minSeq)) return;
      const was = this.live();
      this.#confirmedAt = Math.max(this.#confirmedAt, sentAt);
      if (!was && this.live()) {
        // Back from an outage or a stall: what was cached may have missed messages.
        this.#evict('all');
        this.#setLive(true, 'heartbeat confirmed');
      }
      return;
    }
    if (channel !== this.channel) return;
    const wire = parseWire(message);
    // Our own messages were applied when they were sent.
    if (!wire || wire.from === this.#o.replicaId) return;
    this.#evict(wire.tags);
  }

  /** The subscription's connection closed: stop serving caches until a new heartbeat returns. */
  connectionLost(): void {
    this.#minSeq = this.#seq + 1;
    this.#confirmedAt = -Infinity;
    this.#evict('all');
    if (this.#wasLive) this.#setLive(false, 'subscription lost');
  }

  /**
   * Evicts `tags` here at once and tells every other process. Call after the change is committed
   * (a fill that read the old row before the commit is then either evicted or never stored).
   * Never throws: a failed publish is retried in the background.
   */
  async invalidate(tags: readonly string[]): Promise<void> {
    if (tags.length === 0) return;
    this.#evict(tags);
    const message = JSON.stringify({ from: this.#o.replicaId, tags } satisfies Wire);
    const until = this.#o.now() + this.#o.retryForMs;
    const attempt = async (): Promise<boolean> => {
      try {
        await this.#o.publish(this.channel, message);
        return true;
      } catch {
        return false;
      }
    };
    if (await attempt()) return;
    const retry = () => {
      if (this.#o.now() > until) return;
      void attempt().then((ok) => {
        if (!ok) setTimeout(retry, this.#o.retryEveryMs).unref();
      });
    };
    setTimeout(retry, this.#o.retryEveryMs).unref();
  }

  #evict(e: Eviction): void {
    this.#version += 1;
    for (const fn of this.#listeners) fn(e);
  }

  #setLive(live: boolean, why: string): void {
    this.#wasLive = live;
    this.#o.onLiveChange?.(live, why);
  }
}

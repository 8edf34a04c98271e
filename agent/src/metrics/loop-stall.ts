/**
 * Watches a process's event loop for stalls with one coarse timer. A job's audio waits in
 * queues while its loop is blocked, so a stall of a few hundred ms shows up later as late
 * captions (or, past the queues, lost audio); this says when and how long.
 *
 * It replaces the agents framework's loop monitor in Parley's processes: that one ticks every
 * 20 ms on the main thread and again in a watchdog thread, ≈ 1.5 % of a core per process even
 * when idle (spare processes included), and a worker runs one process per meeting. A 100 ms
 * timer costs ≈ 0.1 % in an idle process. The price is precision: a block of B ms is seen as a
 * delay between B − tickMs and B (a block shorter than a tick may not be seen at all), so with
 * the defaults every block of 350 ms or more counts as a stall, and one of 250–350 ms does
 * depending on where it falls between two ticks.
 */
export interface LoopStallOptions {
  /** A delay at least this long counts as a stall. */
  stallMs: number;
  /** Timer period: the finest delay it measures. */
  tickMs: number;
  /** Monotonic clock (ms); tests pass their own. */
  now: () => number;
}

/** One window of a `LoopStallWatch`: its longest delay, its stalls, and stalls in all. */
export interface LoopStalls {
  maxMs: number;
  stalls: number;
  total: number;
}

export const defaultLoopStallOptions: LoopStallOptions = {
  stallMs: 250,
  tickMs: 100,
  now: () => performance.now(),
};

export class LoopStallWatch {
  readonly #o: LoopStallOptions;
  readonly #timer: NodeJS.Timeout;
  #last: number;
  #maxMs = 0;
  #stalls = 0;
  #stallsTaken = 0;

  constructor(options: Partial<LoopStallOptions> = {}) {
    this.#o = { ...defaultLoopStallOptions, ...options };
    this.#last = this.#o.now();
    this.#timer = setInterval(() => this.#tick(), this.#o.tickMs);
    this.#timer.unref();
  }

  #tick(): void {
    const now = this.#o.now();
    const delayMs = Math.max(0, now - this.#last - this.#o.tickMs);
    this.#last = now;
    if (delayMs > this.#maxMs) this.#maxMs = delayMs;
    if (delayMs >= this.#o.stallMs) this.#stalls++;
  }

  /**
   * The window since the last call (the next starts now): its longest delay (ms) and the
   * stalls in it, with the total so far.
   */
  take(): LoopStalls {
    const w = { maxMs: Math.round(this.#maxMs), stalls: this.#stalls - this.#stallsTaken };
    this.#maxMs = 0;
    this.#stallsTaken = this.#stalls;
    return { ...w, total: this.#stalls };
  }

  close(): void {
    clearInterval(this.#timer);
  }
}

import { systemClock, type Clock } from './types.ts';

/** `full`: the configured engine (may call the LLM); `quick`: the template engine only. */
export type SuggestionRunKind = 'full' | 'quick';

export interface SchedulerOptions {
  /** Quiet time after the last trigger before a run (ms). */
  debounceMs: number;
  /** Longest a run waits for quiet while triggers keep coming (ms). */
  maxWaitMs: number;
  /** Least time between full runs, i.e. LLM calls per room (ms). */
  fullIntervalMs: number;
  /** Least time between quick runs (ms). */
  quickIntervalMs: number;
  /** Run the template engine while a full run has to wait for its interval. */
  quickRuns: boolean;
}

export const defaultSchedulerOptions: SchedulerOptions = {
  debounceMs: 1_500,
  maxWaitMs: 5_000,
  fullIntervalMs: 10_000,
  quickIntervalMs: 2_000,
  quickRuns: true,
};

/**
 * Decides when a room's suggestions are refreshed. Call `trigger()` on each new final segment
 * and coverage change; after a quiet `debounceMs` it runs `full` (at most once per
 * `fullIntervalMs`) or, while a full run must wait, `quick`, and then a `full` once the
 * interval allows if anything new came in. Runs never overlap; errors go to `onError`.
 */
export class SuggestionScheduler {
  readonly #run: (kind: SuggestionRunKind) => Promise<void>;
  readonly #o: SchedulerOptions;
  readonly #clock: Clock;
  readonly #onError: (err: unknown) => void;
  #debounce: unknown = undefined;
  #fullTimer: unknown = undefined;
  #firstTriggerAt: number | undefined;
  #lastFull = Number.NEGATIVE_INFINITY;
  #lastQuick = Number.NEGATIVE_INFINITY;
  #newSinceFull = false;
  #running = false;
  #again = false;
  #stopped = false;

  constructor(
    run: (kind: SuggestionRunKind) => Promise<void>,
    options: Partial<SchedulerOptions> = {},
    clock: Clock = systemClock,
    onError: (err: unknown) => void = () => {},
  ) {
    this.#run = run;
    this.#o = { ...defaultSchedulerOptions, ...options };
    this.#clock = clock;
    this.#onError = onError;
  }

  /** Something new happened (a final segment, a coverage change). */
  trigger(): void {
    if (this.#stopped) return;
    this.#newSinceFull = true;
    const now = this.#clock.now();
    this.#firstTriggerAt ??= now;
    if (this.#debounce !== undefined) this.#clock.clearTimeout(this.#debounce);
    const wait = Math.max(
      0,
      Math.min(this.#o.debounceMs, this.#firstTriggerAt + this.#o.maxWaitMs - now),
    );
    this.#debounce = this.#clock.setTimeout(() => {
      this.#debounce = undefined;
      this.#firstTriggerAt = undefined;
      this.#fire();
    }, wait);
  }

  /** Cancels pending runs; a run in progress finishes. */
  stop(): void {
    this.#stopped = true;
    if (this.#debounce !== undefined) this.#clock.clearTimeout(this.#debounce);
    if (this.#fullTimer !== undefined) this.#clock.clearTimeout(this.#fullTimer);
    this.#debounce = this.#fullTimer = undefined;
  }

  #fire(): void {
    if (this.#stopped) return;
    if (this.#running) {
      this.#again = true;
      return;
    }
    const now = this.#clock.now();
    if (now - this.#lastFull >= this.#o.fullIntervalMs) {
      this.#start('full');
      return;
    }
    if (this.#fullTimer === undefined) {
      this.#fullTimer = this.#clock.setTimeout(
        () => {
          this.#fullTimer = undefined;
          if (this.#newSinceFull) this.#fire();
        },
        this.#lastFull + this.#o.fullIntervalMs - now,
      );
    }
    if (this.#o.quickRuns && now - this.#lastQuick >= this.#o.quickIntervalMs) {
      this.#start('quick');
    }
  }

  #start(kind: SuggestionRunKind): void {
    const now = this.#clock.now();
    if (kind === 'full') {
      this.#lastFull = now;
      this.#newSinceFull = false;
    }
    this.#lastQuick = now;
    this.#running = true;
    let p: Promise<void>;
    try {
      p = this.#run(kind);
    } catch (err) {
      p = Promise.reject(err instanceof Error ? err : new Error(String(err)));
    }
    p.catch(this.#onError).finally(() => {
      this.#running = false;
      if (this.#again) {
        this.#again = false;
        this.#fire();
      }
    });
  }
}

/** A clock driven by hand, for tests: `advance(ms)` runs the timers that fall due, in order. */
export class ManualClock implements Clock {
  #now: number;
  #timers: { at: number; seq: number; fn: () => void }[] = [];
  #seq = 0;

  constructor(start = 0) {
    this.#now = start;
  }

  now(): number {
    return this.#now;
  }

  setTimeout(fn: () => void, ms: number): unknown {
    const t = { at: this.#now + Math.max(0, ms), seq: this.#seq++, fn };
    this.#timers.push(t);
    return t;
  }

  clearTimeout(handle: unknown): void {
    this.#timers = this.#timers.filter((t) => t !== handle);
  }

  /** Timers waiting. */
  get pending(): number {
    return this.#timers.length;
  }

  /** Moves time on, running due timers (and any they set that also fall due). */
  advance(ms: number): void {
    const end = this.#now + ms;
    for (;;) {
      this.#timers.sort((a, b) => a.at - b.at || a.seq - b.seq);
      const t = this.#timers[0];
      if (!t || t.at > end) break;
      this.#timers.shift();
      this.#now = t.at;
      t.fn();
    }
    this.#now = end;
  }
}

/**
 * Scheduler settings for a room's engine. Only LLM runs are spaced out (they cost money and
 * seconds); the template engine takes milliseconds, so with it every quiet moment after new
 * speech refreshes the cards at once.
 */
export function schedulerOptionsFor(s: {
  provider: 'template' | 'llm';
  debounceMs: number;
  llmIntervalMs: number;
}): Partial<SchedulerOptions> {
  return {
    debounceMs: s.debounceMs,
    fullIntervalMs: s.provider === 'llm' ? s.llmIntervalMs : 0,
  };
}

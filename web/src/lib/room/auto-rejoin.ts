/**
 * Rejoining on its own after the connection was lost for good (LiveKit's client gave up its own
 * reconnection, e.g. after a long network outage or a server restart that outlasted it).
 *
 * A countdown before each attempt (the person can rejoin at once or stay disconnected); while the
 * browser says it is offline no attempt is spent, and coming back online rejoins at once. An
 * attempt the server refuses (signed out, no longer a member, meeting ended) stops the plan with
 * the server's reason; other failures wait for the next delay. After the last delay it gives up
 * and leaves the manual button. Pure (timers injected) so it is tested without a browser.
 */

/** How an attempt ended: in the room, a failure worth retrying, or a refusal that will not change. */
export type RejoinResult =
  { kind: 'joined' } | { kind: 'failed' } | { kind: 'refused'; message: string };

export type RejoinView =
  | { phase: 'idle' }
  | { phase: 'waiting'; attempt: number; secondsLeft: number }
  | { phase: 'offline'; attempt: number }
  | { phase: 'joining'; attempt: number }
  | { phase: 'stopped'; reason: 'cancelled' | 'gave-up' | 'refused'; message?: string };

export interface RejoinClock {
  setTimeout: (fn: () => void, ms: number) => unknown;
  clearTimeout: (handle: unknown) => void;
  now: () => number;
}

export interface AutoRejoinOptions {
  /** Wait before each attempt (the number of entries is the number of attempts). */
  delaysMs?: readonly number[];
  /** Whether the browser believes it is online (navigator.onLine). */
  online?: () => boolean;
  clock?: RejoinClock;
}

/** 2 s, 5 s, 10 s, then every 20 s: eight attempts over about two minutes. */
export const REJOIN_DELAYS_MS: readonly number[] = [
  2000, 5000, 10_000, 20_000, 20_000, 20_000, 20_000, 20_000,
];

const TICK_MS = 1000;

const systemClock: RejoinClock = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
  now: () => Date.now(),
};

export class AutoRejoin {
  #view: RejoinView = { phase: 'idle' };
  readonly #rejoin: () => Promise<RejoinResult>;
  readonly #onChange: (v: RejoinView) => void;
  readonly #delays: readonly number[];
  readonly #online: () => boolean;
  readonly #clock: RejoinClock;
  #timer: unknown;
  #dueAt = 0;
  #attempt = 0;
  /** Bumped whenever the plan changes, so a late attempt result or tick is ignored. */
  #epoch = 0;

  constructor(
    rejoin: () => Promise<RejoinResult>,
    onChange: (v: RejoinView) => void,
    opts: AutoRejoinOptions = {},
  ) {
    this.#rejoin = rejoin;
    this.#onChange = onChange;
    this.#delays = opts.delaysMs ?? REJOIN_DELAYS_MS;
    this.#online = opts.online ?? (() => true);
    this.#clock = opts.clock ?? systemClock;
  }

  get view(): RejoinView {
    return this.#view;
  }

  /** The connection was lost for good: start the plan (no-op while one runs). */
  lost(): void {
    const p = this.#view.phase;
    if (p === 'waiting' || p === 'offline' || p === 'joining') return;
    this.#attempt = 0;
    this.#next();
  }

  /** Rejoin at once (the person clicked, or the browser came back online). */
  now(): void {
    if (this.#view.phase === 'joining') return;
    if (this.#view.phase === 'idle' || this.#view.phase === 'stopped') this.#attempt = 0;
    void this.#try(this.#attempt + 1);
  }

  /** The browser went back online: an attempt waiting on the network starts at once. */
  wentOnline(): void {
    if (this.#view.phase === 'offline' || this.#view.phase === 'waiting') this.now();
  }

  /** Stay disconnected: no more attempts until the person asks. */
  cancel(): void {
    if (this.#view.phase === 'idle' || this.#view.phase === 'stopped') return;
    this.#stop({ phase: 'stopped', reason: 'cancelled' });
  }

  /** Joined by other means (or leaving the page): forget the plan. */
  reset(): void {
    this.#stop({ phase: 'idle' });
  }

  #next(): void {
    const attempt = this.#attempt + 1;
    const delay = this.#delays[attempt - 1];
    if (delay === undefined) {
      this.#stop({ phase: 'stopped', reason: 'gave-up' });
      return;
    }
    this.#dueAt = this.#clock.now() + delay;
    this.#tick(attempt, this.#epoch);
  }

  #tick(attempt: number, epoch: number): void {
    if (epoch !== this.#epoch) return;
    if (!this.#online()) {
      this.#set({ phase: 'offline', attempt });
      this.#timer = this.#clock.setTimeout(() => this.#tick(attempt, epoch), TICK_MS);
      return;
    }
    const left = this.#dueAt - this.#clock.now();
    if (left <= 0) {
      void this.#try(attempt);
      return;
    }
    const secondsLeft = Math.ceil(left / TICK_MS);
    this.#set({ phase: 'waiting', attempt, secondsLeft });
    // Wake when the shown second changes (or the attempt is due).
    this.#timer = this.#clock.setTimeout(
      () => this.#tick(attempt, epoch),
      left - (secondsLeft - 1) * TICK_MS,
    );
  }

  async #try(attempt: number): Promise<void> {
    this.#stopTimer();
    const epoch = ++this.#epoch;
    this.#attempt = attempt;
    this.#set({ phase: 'joining', attempt });
    let result: RejoinResult;
    try {
      result = await this.#rejoin();
    } catch {
      result = { kind: 'failed' };
    }
    if (epoch !== this.#epoch) return;
    if (result.kind === 'joined') this.#stop({ phase: 'idle' });
    else if (result.kind === 'refused') {
      this.#stop({ phase: 'stopped', reason: 'refused', message: result.message });
    } else this.#next();
  }

  #stop(view: RejoinView): void {
    this.#stopTimer();
    this.#epoch++;
    this.#set(view);
  }

  #stopTimer(): void {
    if (this.#timer !== undefined) this.#clock.clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  #set(v: RejoinView): void {
    this.#view = v;
    this.#onChange(v);
  }
}

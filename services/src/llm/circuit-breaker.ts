/** Time source (injectable for tests). */
export interface BreakerClock {
  now(): number;
}

const systemClock: BreakerClock = { now: () => Date.now() };

export type CircuitState = 'closed' | 'open' | 'half_open';

export interface CircuitBreakerOptions {
  /** Consecutive failures that open the circuit. */
  failureThreshold: number;
  /** How long it stays open before one trial call (ms); doubles each time a trial fails. */
  openMs: number;
  /** Longest open period (ms). */
  maxOpenMs: number;
  /** Successful trial calls in half-open needed to close it again. */
  halfOpenSuccesses: number;
}

export const defaultCircuitBreakerOptions: CircuitBreakerOptions = {
  failureThreshold: 3,
  openMs: 30_000,
  maxOpenMs: 300_000,
  halfOpenSuccesses: 1,
};

/**
 * Closed: calls go through and consecutive failures are counted. Open: calls are refused until
 * the open period ends. Half-open: one trial call at a time; success closes, failure re-opens
 * (for longer).
 */
export class CircuitBreaker {
  readonly #o: CircuitBreakerOptions;
  readonly #clock: BreakerClock;
  readonly #onChange: ((from: CircuitState, to: CircuitState) => void) | undefined;
  #state: CircuitState = 'closed';
  #failures = 0;
  #successes = 0;
  #reopens = 0;
  #openUntil = 0;
  #trialInFlight = false;

  constructor(
    options: Partial<CircuitBreakerOptions> = {},
    clock: BreakerClock = systemClock,
    onChange?: (from: CircuitState, to: CircuitState) => void,
  ) {
    this.#o = { ...defaultCircuitBreakerOptions, ...options };
    this.#clock = clock;
    this.#onChange = onChange;
  }

  /** The state now (an open circuit whose period has ended reads as half-open). */
  get state(): CircuitState {
    if (this.#state === 'open' && this.#clock.now() >= this.#openUntil) this.#set('half_open');
    return this.#state;
  }

  /** Whether a call may go ahead now; in half-open this takes the single trial slot. */
  tryAcquire(): boolean {
    switch (this.state) {
      case 'closed':
        return true;
      case 'open':
        return false;
      case 'half_open':
        if (this.#trialInFlight) return false;
        this.#trialInFlight = true;
        return true;
    }
  }

  /** Returns a slot taken by `tryAcquire` without an outcome (e.g. the call was cancelled). */
  release(): void {
    this.#trialInFlight = false;
  }

  success(): void {
    this.#trialInFlight = false;
    this.#failures = 0;
    if (this.#state === 'half_open') {
      if (++this.#successes >= this.#o.halfOpenSuccesses) {
        this.#reopens = 0;
        this.#set('closed');
      }
    }
  }

  failure(): void {
    this.#trialInFlight = false;
    if (this.#state === 'half_open') {
      this.#reopens++;
      this.#open();
      return;
    }
    if (this.#state === 'closed' && ++this.#failures >= this.#o.failureThreshold) this.#open();
  }

  #open(): void {
    const ms = Math.min(this.#o.openMs * 2 ** this.#reopens, this.#o.maxOpenMs);
    this.#openUntil = this.#clock.now() + ms;
    this.#failures = 0;
    this.#set('open');
  }

  #set(to: CircuitState): void {
    const from = this.#state;
    if (from === to) return;
    this.#state = to;
    this.#successes = 0;
    this.#onChange?.(from, to);
  }
}

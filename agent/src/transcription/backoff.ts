/** A provider's rest after failures: `baseMs`, doubling per failure up to `maxMs`. */
export class Backoff {
  readonly #baseMs: number;
  readonly #maxMs: number;
  #failures = 0;
  #restUntil = 0;

  constructor(baseMs: number, maxMs: number) {
    this.#baseMs = baseMs;
    this.#maxMs = maxMs;
  }

  /** Failures since the last success. */
  get failures(): number {
    return this.#failures;
  }

  /** Whether the provider is resting now. */
  get resting(): boolean {
    return Date.now() < this.#restUntil;
  }

  failed(): void {
    this.#failures++;
    const rest = Math.min(this.#baseMs * 2 ** (this.#failures - 1), this.#maxMs);
    this.#restUntil = Date.now() + rest;
  }

  /** Records a success; true when it ends a run of failures (the provider recovered). */
  succeeded(): boolean {
    const recovered = this.#failures > 0;
    this.#failures = 0;
    this.#restUntil = 0;
    return recovered;
  }
}

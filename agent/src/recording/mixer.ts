/** Options of the meeting mixer. */
export interface MixerOptions {
  /** Sample rate of every input and of the output (the STT pipelines decode at 16 kHz). */
  sampleRate: number;
  /**
   * A track whose audio arrives further than this from where its previous frame ended is placed
   * anew by arrival time (a mute, a network gap, a late start). Milliseconds.
   */
  gapToleranceMs: number;
  /** Audio is written out this long after it was heard, so late frames still mix in. */
  latencyMs: number;
  /** Frames for positions already written out are dropped; more than this ahead, clamped. */
  maxAheadMs: number;
}

export const defaultMixerOptions: MixerOptions = {
  sampleRate: 16_000,
  gapToleranceMs: 250,
  latencyMs: 1_000,
  maxAheadMs: 5_000,
};

/**
 * Mixes every participant's microphone onto one meeting timeline that runs on the wall clock:
 * position 0 is `originMs`, silence wherever nobody speaks, each frame placed where its track's
 * previous frame ended (or, after a gap, by its arrival time). The output is therefore as long as
 * the time between the origin and the last `finish()`, whoever spoke.
 *
 * ```
 * wall  ──┬────────────────────────────────────────▶
 * ada     │ ▇▇▇▇▇▇      ▇▇▇▇                (muted)  ▇▇
 * bob     │       ▇▇▇▇▇▇▇▇▇    ▇▇▇▇▇
 * mix     │ ▇▇▇▇▇▇▇▇▇▇▇▇▇▇▇····▇▇▇▇▇···············▇▇   (· silence)
 *         origin        written ◀─ latency ─▶ now
 * ```
 */
export class TimelineMixer {
  readonly #o: MixerOptions;
  readonly #originMs: number;
  /** Sum of all tracks for samples [written, written + acc.length). */
  #acc = new Int32Array(0);
  #written = 0;
  readonly #tracks = new Map<string, { next: number; lastMs: number }>();
  #dropped = 0;

  constructor(originMs: number, options: Partial<MixerOptions> = {}) {
    this.#o = { ...defaultMixerOptions, ...options };
    this.#originMs = originMs;
  }

  get originMs(): number {
    return this.#originMs;
  }

  /** Samples written out so far. */
  get writtenSamples(): number {
    return this.#written;
  }

  /** Duration written out so far, in ms. */
  get writtenMs(): number {
    return (this.#written * 1000) / this.#o.sampleRate;
  }

  /** Samples that arrived too late to be mixed (positions already written). */
  get droppedSamples(): number {
    return this.#dropped;
  }

  #index(wallMs: number): number {
    return Math.round(((wallMs - this.#originMs) * this.#o.sampleRate) / 1000);
  }

  /**
   * Adds one frame of a track (mono, `sampleRate`), received at wall time `nowMs` (the frame ends
   * at `nowMs`).
   */
  push(trackId: string, samples: Int16Array, nowMs: number): void {
    const n = samples.length;
    if (n === 0) return;
    const sr = this.#o.sampleRate;
    const arrivedAt = this.#index(nowMs) - n;
    const tol = (this.#o.gapToleranceMs * sr) / 1000;
    const t = this.#tracks.get(trackId);
    let at: number;
    // Continue where the track left off unless its audio stopped for a while (or ran far ahead
    // of the wall clock after a stall): then place it by arrival.
    if (!t || arrivedAt - t.next > tol || t.next - arrivedAt > 8 * tol) at = arrivedAt;
    else at = t.next;
    const maxAhead = this.#index(nowMs) + (this.#o.maxAheadMs * sr) / 1000;
    if (at + n > maxAhead) at = Math.max(0, maxAhead - n);
    this.#tracks.set(trackId, { next: at + n, lastMs: nowMs });
    let from = 0;
    if (at < this.#written) {
      from = Math.min(n, this.#written - at);
      this.#dropped += from;
    }
    if (from >= n) return;
    const start = at + from - this.#written;
    this.#ensure(start + (n - from));
    const acc = this.#acc;
    for (let i = from; i < n; i++)
      acc[start + i - from] = (acc[start + i - from] ?? 0) + (samples[i] ?? 0);
  }

  /** Forgets a track (it ended); its audio already mixed stays. */
  removeTrack(trackId: string): void {
    this.#tracks.delete(trackId);
  }

  #ensure(len: number): void {
    if (this.#acc.length >= len) return;
    const next = new Int32Array(Math.max(len, this.#acc.length * 2, this.#o.sampleRate));
    next.set(this.#acc);
    this.#acc = next;
  }

  /** Writes out everything up to `latencyMs` before `nowMs`: PCM s16 mono (maybe empty). */
  drain(nowMs: number): Int16Array {
    return this.#take(this.#index(nowMs - this.#o.latencyMs));
  }

  /** Writes out everything up to `nowMs` (the end of the recording). */
  finish(nowMs: number): Int16Array {
    return this.#take(this.#index(nowMs));
  }

  #take(until: number): Int16Array {
    const count = until - this.#written;
    if (count <= 0) return new Int16Array(0);
    this.#ensure(count);
    const out = new Int16Array(count);
    const acc = this.#acc;
    for (let i = 0; i < count; i++) {
      const v = acc[i] ?? 0;
      out[i] = v > 32767 ? 32767 : v < -32768 ? -32768 : v;
    }
    // Shift the rest to the front (what was written is gone).
    const rest = new Int32Array(Math.max(this.#o.sampleRate, acc.length));
    rest.set(acc.subarray(count));
    this.#acc = rest;
    this.#written = until;
    return out;
  }
}

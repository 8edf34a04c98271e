/**
 * Keeps silence away from the VAD. Most of a meeting, most people are quiet, yet every 32 ms
 * window of every microphone would cost a Silero inference (the largest part of a job's CPU).
 * The gate passes audio while it is loud, while the recogniser is inside an utterance, and for
 * a hangover after the last loud frame (so the VAD still sees the silence that ends speech);
 * otherwise it holds frames back, keeping the last few as a pre-roll that goes out, with their
 * own arrival times, when sound comes back. Frames it drops are true silence: nothing a
 * speech detector would fire on.
 */
export interface SilenceGateOptions {
  /** RMS (16-bit full scale 32768) at or above which a frame counts as sound. 0: gate off. */
  thresholdRms: number;
  /** How long after the last loud frame audio keeps flowing (≥ the VAD's min silence). */
  hangoverMs: number;
  /** Quiet audio kept and sent ahead of the frame that opens the gate. */
  prerollMs: number;
}

export const defaultSilenceGateOptions: SilenceGateOptions = {
  // ≈ −55 dBFS: above digital silence, codec noise and a quiet room after browser noise
  // suppression; below the quietest speech (≈ −45 dBFS).
  thresholdRms: 60,
  hangoverMs: 800,
  prerollMs: 160,
};

export interface GatedFrame<F> {
  frame: F;
  /** Wall-clock ms when the frame arrived. */
  at: number;
  ms: number;
}

export function rms(pcm: Int16Array): number {
  if (pcm.length === 0) return 0;
  let sum = 0;
  for (let i = 0; i < pcm.length; i++) {
    const v = pcm[i] ?? 0;
    sum += v * v;
  }
  return Math.sqrt(sum / pcm.length);
}

export class SilenceGate<F> {
  readonly #o: SilenceGateOptions;
  readonly #held: GatedFrame<F>[] = [];
  #heldMs = 0;
  #quietMs = Number.POSITIVE_INFINITY;
  #passed = 0;
  #dropped = 0;

  constructor(options: Partial<SilenceGateOptions> = {}) {
    this.#o = { ...defaultSilenceGateOptions, ...options };
  }

  /**
   * Offers one frame; returns what to send on now, in order (none while the gate holds).
   * `busy`: the consumer is inside an utterance and must see every frame.
   */
  push(frame: F, pcm: Int16Array, ms: number, at: number, busy: boolean): GatedFrame<F>[] {
    const g = { frame, at, ms };
    if (this.#o.thresholdRms <= 0) {
      this.#passed++;
      return [g];
    }
    this.#quietMs = rms(pcm) >= this.#o.thresholdRms ? 0 : this.#quietMs + ms;
    if (busy || this.#quietMs < this.#o.hangoverMs) {
      const out = this.#held.length > 0 ? [...this.#held.splice(0), g] : [g];
      this.#heldMs = 0;
      this.#passed += out.length;
      return out;
    }
    this.#held.push(g);
    this.#heldMs += ms;
    while (this.#held.length > 1 && this.#heldMs - (this.#held[0]?.ms ?? 0) >= this.#o.prerollMs) {
      this.#heldMs -= this.#held.shift()?.ms ?? 0;
      this.#dropped++;
    }
    return [];
  }

  /** Frames sent on and frames dropped so far (for metrics). */
  get counts(): { passed: number; dropped: number } {
    return { passed: this.#passed, dropped: this.#dropped };
  }
}

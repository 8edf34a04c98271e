import koffi from 'koffi';

/**
 * Noise suppression with the speexdsp preprocessor (Debian `libspeexdsp1`, loaded through
 * koffi like pocketsphinx): a spectral denoiser that keeps its own running noise estimate, so
 * each person's audio needs its own `Denoiser` fed continuously.
 */

export interface DenoiseOptions {
  /** Most attenuation (dB, negative) applied to what the preprocessor takes for noise. */
  suppressDb: number;
  /**
   * Denoised audio is used while the stream's estimated SNR (dB, see `SnrTracker`) is below
   * this; above it the audio passes as it came (the preprocessor still follows it), since on
   * cleaner speech the suppression costs more words than the noise. Infinity: always.
   */
  maxSnrDb: number;
}

/**
 * Chosen on the tuning corpus as a meeting room at 18, 24, 30 and 40 dB SNR: denoising took
 * 0.13 and 0.02 off the WER at 18 and 24 dB and added 0.04 and 0.06 at 30 and 40 dB, where
 * this tracker reads ≈ 20, 24, 28 and 35 dB.
 */
export const defaultDenoiseOptions: DenoiseOptions = { suppressDb: -15, maxSnrDb: 26 };

/** How far (dB) the SNR must rise above `maxSnrDb` before denoising stops again. */
const HYSTERESIS_DB = 2;
const FRAME_MS = 16;

/**
 * A running estimate of a stream's signal-to-noise ratio (dB). The noise floor is the quietest
 * frame of the last 1.5 s (pauses between words and sentences let it see the room every second
 * or two); the speech level is a slow average (≈ 3 s) of the frames more than 10 dB above it.
 * Powers are per frame, in dB against 16-bit full scale.
 */
export class SnrTracker {
  readonly #powers: Float64Array;
  readonly #speechFrames: number;
  #at = 0;
  #seen = 0;
  #floorDb = Number.NEGATIVE_INFINITY;
  #speechDb: number | null = null;
  #speechSeen = 0;

  constructor(floorWindowMs = 4_000, speechAverageMs = 3_000) {
    this.#powers = new Float64Array(Math.max(1, Math.round(floorWindowMs / FRAME_MS)));
    this.#speechFrames = Math.max(1, Math.round(speechAverageMs / FRAME_MS));
  }

  /** Adds one frame. */
  push(frame: Int16Array): void {
    let sum = 0;
    for (let i = 0; i < frame.length; i++) sum += (frame[i] ?? 0) ** 2;
    const power = frame.length > 0 ? sum / frame.length : 0;
    this.#powers[this.#at] = power;
    this.#at = (this.#at + 1) % this.#powers.length;
    this.#seen = Math.min(this.#seen + 1, this.#powers.length);
    let min = Number.POSITIVE_INFINITY;
    for (let i = 0; i < this.#seen; i++) min = Math.min(min, this.#powers[i] ?? 0);
    this.#floorDb = dbfs(min);
    const db = dbfs(power);
    if (this.#seen === this.#powers.length && db > this.#floorDb + 10) {
      // A plain mean until the average's own length has been seen, then a running one.
      this.#speechSeen = Math.min(this.#speechSeen + 1, this.#speechFrames);
      this.#speechDb = (this.#speechDb ?? db) + (db - (this.#speechDb ?? db)) / this.#speechSeen;
    }
  }

  /** Quietest frame of the window (dBFS; -Infinity for digital silence). */
  get floorDb(): number {
    return this.#floorDb;
  }

  /** Speech level over the floor; Infinity until both are known (or over digital silence). */
  get snrDb(): number {
    // Known once a second of speech has been heard over a full floor window.
    if (this.#speechDb === null || this.#speechSeen < this.#speechFrames / 3) {
      return Number.POSITIVE_INFINITY;
    }
    return this.#speechDb - this.#floorDb;
  }
}

function dbfs(power: number): number {
  return 10 * Math.log10(power / 32768 ** 2);
}

/** Samples per preprocessor frame at 16 kHz (16 ms; two per 32 ms VAD window). */
export const DENOISE_FRAME = 256;

// speex_preprocess.h request codes.
const SET_DENOISE = 0;
const SET_AGC = 2;
const SET_DEREVERB = 8;
const SET_NOISE_SUPPRESS = 18;

type Ptr = unknown;
interface Lib {
  init: (frameSize: number, rate: number) => Ptr;
  destroy: (st: Ptr) => void;
  run: (st: Ptr, x: Int16Array) => number;
  ctl: (st: Ptr, request: number, value: Int32Array) => number;
}

let lib: Lib | undefined;

function load(): Lib {
  if (lib) return lib;
  let dsp: koffi.IKoffiLib;
  try {
    dsp = koffi.load('libspeexdsp.so.1');
  } catch (err) {
    throw new Error('denoising needs libspeexdsp.so.1 (Debian package libspeexdsp1)', {
      cause: err,
    });
  }
  lib = {
    init: dsp.func(
      'void* speex_preprocess_state_init(int frame_size, int sampling_rate)',
    ) as Lib['init'],
    destroy: dsp.func('void speex_preprocess_state_destroy(void* st)') as Lib['destroy'],
    run: dsp.func('int speex_preprocess_run(void* st, _Inout_ int16_t* x)') as Lib['run'],
    ctl: dsp.func('int speex_preprocess_ctl(void* st, int request, void* ptr)') as Lib['ctl'],
  };
  return lib;
}

/** Whether the speexdsp library can be loaded on this machine. */
export function denoiseAvailable(): boolean {
  try {
    load();
    return true;
  } catch {
    return false;
  }
}

/**
 * One stream's denoiser (16 kHz mono). Audio is denoised in whole frames: `process` returns
 * the frames completed by this call, in order, and a partial frame waits for the next call.
 * Fed in multiples of `DENOISE_FRAME` (the live 32 ms frames are), nothing waits.
 */
export class Denoiser {
  readonly #lib: Lib;
  #st: Ptr;
  readonly #frame = new Int16Array(DENOISE_FRAME);
  readonly #snr = new SnrTracker();
  readonly #maxSnrDb: number;
  #fill = 0;
  #active = false;

  constructor(options: Partial<DenoiseOptions> = {}, sampleRate = 16_000) {
    const o = { ...defaultDenoiseOptions, ...options };
    this.#maxSnrDb = o.maxSnrDb;
    this.#lib = load();
    this.#st = this.#lib.init(DENOISE_FRAME, sampleRate);
    if (!this.#st) throw new Error('speex_preprocess_state_init failed');
    const set = (req: number, v: number) => this.#lib.ctl(this.#st, req, Int32Array.of(v));
    set(SET_DENOISE, 1);
    set(SET_AGC, 0);
    set(SET_DEREVERB, 0);
    set(SET_NOISE_SUPPRESS, Math.round(o.suppressDb));
  }

  /** Adds audio; returns the denoised samples of every frame it completed. */
  process(pcm: Int16Array): Int16Array {
    if (!this.#st) throw new Error('denoiser is closed');
    const out = new Int16Array(
      this.#fill + pcm.length - ((this.#fill + pcm.length) % DENOISE_FRAME),
    );
    let o = 0;
    let i = 0;
    while (i < pcm.length) {
      const take = Math.min(DENOISE_FRAME - this.#fill, pcm.length - i);
      this.#frame.set(pcm.subarray(i, i + take), this.#fill);
      this.#fill += take;
      i += take;
      if (this.#fill < DENOISE_FRAME) break;
      this.#snr.push(this.#frame);
      const snr = this.#snr.snrDb;
      if (this.#maxSnrDb === Number.POSITIVE_INFINITY || snr < this.#maxSnrDb) this.#active = true;
      else if (snr > this.#maxSnrDb + HYSTERESIS_DB) this.#active = false;
      if (!this.#active) out.set(this.#frame, o);
      // In place: the frame buffer is handed to the library and read back.
      this.#lib.run(this.#st, this.#frame);
      if (this.#active) out.set(this.#frame, o);
      o += DENOISE_FRAME;
      this.#fill = 0;
    }
    return out;
  }

  close(): void {
    if (!this.#st) return;
    this.#lib.destroy(this.#st);
    this.#st = null;
  }
}

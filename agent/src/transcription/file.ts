import { AudioFrame, AudioResampler, AudioResamplerQuality } from '@livekit/rtc-node';
import { Denoiser, type DenoiseOptions } from './denoise.ts';
import { Segmenter } from './segmenter.ts';
import { RECOGNIZER_SAMPLE_RATE, type RecognizedSegment, type SpeechRecognizer } from './types.ts';
import type { Vad } from './vad.ts';
import { concatPcm, type Wav } from './wav.ts';
import { rms } from '../room/silence-gate.ts';

/** Mixes a WAV down to mono and resamples it to 16 kHz. */
export function toRecognizerAudio(wav: Wav): Int16Array {
  let mono = wav.samples;
  if (wav.channels > 1) {
    const n = Math.floor(wav.samples.length / wav.channels);
    mono = new Int16Array(n);
    for (let i = 0; i < n; i++) {
      let sum = 0;
      for (let c = 0; c < wav.channels; c++) sum += wav.samples[i * wav.channels + c] ?? 0;
      mono[i] = Math.round(sum / wav.channels);
    }
  }
  if (wav.sampleRate === RECOGNIZER_SAMPLE_RATE) return mono;
  const rs = new AudioResampler(
    wav.sampleRate,
    RECOGNIZER_SAMPLE_RATE,
    1,
    AudioResamplerQuality.HIGH,
  );
  const out: Int16Array[] = [];
  const step = Math.round(wav.sampleRate / 10);
  for (let i = 0; i < mono.length; i += step) {
    const chunk = mono.slice(i, i + step);
    for (const f of rs.push(new AudioFrame(chunk, wav.sampleRate, 1, chunk.length)))
      out.push(f.data);
  }
  for (const f of rs.flush()) out.push(f.data);
  return concatPcm(out);
}

export interface TranscribeOptions {
  vad: Vad;
  recognizer: SpeechRecognizer;
  language?: string;
  /** Denoise the audio ahead of the VAD (null: as it is). */
  denoise?: Partial<DenoiseOptions> | null;
  /** Called with the fraction of audio processed (0–1). */
  onProgress?: (fraction: number) => void;
}

export interface StreamTranscriberOptions extends Omit<TranscribeOptions, 'onProgress'> {
  /**
   * Chunks quieter than this RMS (16-bit) are kept from the VAD once a second of quiet has
   * passed outside speech (like the live agent's silence gate); times stay those of the file.
   * 0 (default): every chunk goes to the VAD.
   */
  gateRms?: number;
  /** Utterances decoding at once before `push` waits for them (bounds memory; default 4). */
  maxPendingUtterances?: number;
  /** Each final as soon as it is known (in speaking order). */
  onFinal?: (segment: RecognizedSegment) => void | Promise<void>;
}

const GATE_HANGOVER_MS = 1000;

/**
 * The live pipeline (denoiser → Silero VAD → recogniser) over a stream of 16 kHz mono audio,
 * pushed in any chunk sizes, as fast as the machine allows: final segments have times from
 * the start of the audio. `push` waits while too many utterances are still being decoded, so a
 * long file never piles up in memory and `processedMs` is audio truly done (but for the last
 * few utterances).
 */
/** Every utterance of the audio failed to transcribe (nothing came of it). */
export class RecognitionFailedError extends Error {
  override name = 'RecognitionFailedError';
  constructor(cause: unknown) {
    super(`speech recognition failed: ${String(cause)}`, { cause });
  }
}

export class StreamTranscriber {
  readonly #segments: RecognizedSegment[] = [];
  readonly #errors: unknown[] = [];
  readonly #segmenter: Segmenter;
  readonly #vadStream: ReturnType<Vad['stream']>;
  readonly #denoiser: Denoiser | null;
  readonly #gateRms: number;
  readonly #maxPending: number;
  readonly #onFinal: StreamTranscriberOptions['onFinal'];
  #pendingFinals: Promise<void> = Promise.resolve();
  #carry = new Int16Array(0);
  /** Samples of the file taken so far, and how many of them the gate kept from the VAD. */
  #fileSamples = 0;
  #skippedSamples = 0;
  #quietMs = 0;
  /** [VAD sample index, samples skipped before it], in order: maps VAD times to file times. */
  readonly #gaps: [number, number][] = [];

  constructor(opts: StreamTranscriberOptions) {
    this.#gateRms = opts.gateRms ?? 0;
    this.#maxPending = opts.maxPendingUtterances ?? 4;
    this.#onFinal = opts.onFinal;
    this.#segmenter = new Segmenter(
      opts.recognizer,
      {
        onFinal: (s) => {
          const seg = {
            startMs: this.#fileMs(s.startMs),
            endMs: this.#fileMs(s.endMs),
            text: s.text,
          };
          this.#segments.push(seg);
          const done = this.#onFinal?.(seg);
          if (done) this.#pendingFinals = this.#pendingFinals.then(() => done);
        },
        onError: (err) => this.#errors.push(err),
      },
      { language: opts.language, interimIntervalMs: Number.POSITIVE_INFINITY },
    );
    this.#vadStream = opts.vad.stream((ev) => this.#segmenter.handle(ev));
    this.#denoiser = opts.denoise ? new Denoiser(opts.denoise) : null;
  }

  /** Milliseconds of the file taken in so far. */
  get processedMs(): number {
    return Math.round((this.#fileSamples * 1000) / RECOGNIZER_SAMPLE_RATE);
  }

  #fileMs(vadMs: number): number {
    const at = (vadMs * RECOGNIZER_SAMPLE_RATE) / 1000;
    let skipped = 0;
    for (const [index, before] of this.#gaps) {
      if (index > at) break;
      skipped = before;
    }
    return Math.round(vadMs + (skipped * 1000) / RECOGNIZER_SAMPLE_RATE);
  }

  async push(pcm: Int16Array): Promise<void> {
    const frame = RECOGNIZER_SAMPLE_RATE / 10;
    let all = pcm;
    if (this.#carry.length > 0) all = concatPcm([this.#carry, pcm]);
    let offset = 0;
    for (; offset + frame <= all.length; offset += frame) {
      await this.#frame(all.subarray(offset, offset + frame));
    }
    this.#carry = all.slice(offset);
  }

  async #frame(chunk: Int16Array): Promise<void> {
    this.#fileSamples += chunk.length;
    if (this.#gateRms > 0 && !this.#segmenter.speaking && rms(chunk) < this.#gateRms) {
      this.#quietMs += 100;
      if (this.#quietMs > GATE_HANGOVER_MS) {
        this.#skippedSamples += chunk.length;
        return;
      }
    } else {
      this.#quietMs = 0;
    }
    const vadIndex = this.#fileSamples - chunk.length - this.#skippedSamples;
    const lastGap = this.#gaps.at(-1);
    if ((lastGap?.[1] ?? 0) !== this.#skippedSamples)
      this.#gaps.push([vadIndex, this.#skippedSamples]);
    await this.#vadStream.push(this.#denoiser ? this.#denoiser.process(chunk) : chunk);
    await this.#segmenter.drain(this.#maxPending);
  }

  /** Ends the audio: closes the last utterance, waits for every final; returns them all. */
  async finish(): Promise<RecognizedSegment[]> {
    try {
      // One second of silence lets the VAD close a final utterance on its own.
      const tail = new Int16Array(
        RECOGNIZER_SAMPLE_RATE +
          (this.#carry.length > 0 ? RECOGNIZER_SAMPLE_RATE / 10 - this.#carry.length : 0),
      );
      const fileSamples = this.#fileSamples + this.#carry.length;
      await this.push(tail);
      this.#fileSamples = fileSamples;
    } finally {
      this.#vadStream.close();
      this.#denoiser?.close();
    }
    await this.#segmenter.flush();
    await this.#pendingFinals;
    if (this.#errors.length > 0 && this.#segments.length === 0) {
      throw new RecognitionFailedError(this.#errors[0]);
    }
    return this.#segments;
  }

  /** Stops without waiting for results (the job was cancelled or failed). */
  abort(): void {
    this.#segmenter.cancel();
    this.#vadStream.close();
    this.#denoiser?.close();
  }
}

/**
 * Runs the live pipeline (Silero VAD → recogniser) over 16 kHz mono audio as fast as the
 * machine allows and returns the final segments with times from the start of the audio.
 */
export async function transcribeAudio(
  pcm: Int16Array,
  opts: TranscribeOptions,
): Promise<RecognizedSegment[]> {
  const rate = RECOGNIZER_SAMPLE_RATE;
  const t = new StreamTranscriber({ ...opts, maxPendingUtterances: Number.POSITIVE_INFINITY });
  const step = rate * 5;
  try {
    for (let offset = 0; offset < pcm.length; offset += step) {
      await t.push(pcm.subarray(offset, offset + step));
      opts.onProgress?.(Math.min(1, (offset + step) / pcm.length));
    }
  } catch (err) {
    t.abort();
    throw err;
  }
  const segments = await t.finish();
  opts.onProgress?.(1);
  return segments;
}

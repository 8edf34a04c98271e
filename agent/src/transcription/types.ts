/** Audio handed to recognisers: 16 kHz, mono, signed 16-bit samples. */
export const RECOGNIZER_SAMPLE_RATE = 16_000;

/** One utterance being recognised: audio goes in while the person speaks, text comes out. */
export interface Utterance {
  /** Appends audio (16 kHz mono int16). Never blocks; decoding happens off the caller's path. */
  push(pcm: Int16Array): void;
  /** Best text so far, or null when the provider has no interim results. */
  partial(): Promise<string | null>;
  /** Ends the utterance and resolves with its final text ('' when nothing was recognised). */
  finish(): Promise<string>;
  /** Drops the utterance without a result and frees its resources. */
  abort(): void;
}

export interface UtteranceOptions {
  /** BCP-47 language code, e.g. 'en'. */
  language?: string;
}

/** A speech-to-text provider. One instance serves many utterances, possibly at once. */
export interface SpeechRecognizer {
  /** Provider name, e.g. 'local' or 'openai'. */
  readonly name: string;
  /** Whether `partial()` returns interim text while speech is still going on. */
  readonly interimResults: boolean;
  /** Loads models or opens connections ahead of the first utterance. */
  warmup(): Promise<void>;
  startUtterance(options?: UtteranceOptions): Utterance;
  close(): Promise<void>;
}

/** A recognised stretch of speech, with times in ms from the start of the audio stream. */
export interface RecognizedSegment {
  startMs: number;
  endMs: number;
  text: string;
}

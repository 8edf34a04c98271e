import type { SpeakerRun } from './speaker-runs.ts';

/** Audio handed to recognisers: 16 kHz, mono, signed 16-bit samples. */
export const RECOGNIZER_SAMPLE_RATE = 16_000;

/** One utterance being recognised: audio goes in while the person speaks, text comes out. */
export interface Utterance {
  /** Appends audio (16 kHz mono int16). Never blocks; decoding happens off the caller's path. */
  push(pcm: Int16Array): void;
  /** Best text so far, or null when the provider has no interim results. */
  partial(): Promise<string | null>;
  /**
   * The speaker paused (the utterance may go on): a streaming provider that can be asked to
   * finalise what it has heard so far is asked now, so the final is ready when the utterance
   * ends. Optional; nothing else changes.
   */
  commit?(): void;
  /** Ends the utterance and resolves with its final text ('' when nothing was recognised). */
  finish(): Promise<string>;
  /**
   * Once `finish` resolved: the final split by voice, when its stream was opened with
   * `diarize` and the provider labelled the words; null otherwise (not diarized, or the local
   * fallback recognised it). Optional.
   */
  speakerRuns?(): SpeakerRun[] | null;
  /** Drops the utterance without a result and frees its resources. */
  abort(): void;
}

export interface UtteranceOptions {
  /** BCP-47 language code, e.g. 'en'. */
  language?: string;
  /** Context for providers that take a prompt (names and terms of the meeting). */
  prompt?: string;
  /**
   * Who is speaking (any stable key, one per audio stream). The local recogniser hands a
   * speaker the decoder that last decoded them, whose running cepstral mean is their voice's.
   */
  speaker?: string;
  /**
   * Called with the utterance's text so far whenever a streaming provider sends interim text
   * (the whole text, not a delta). Batch providers never call it; poll `partial()` instead.
   */
  onInterim?: (text: string) => void;
}

export interface StreamOptions {
  /** Ask the provider to tell voices apart (a shared room microphone); see `diarization`. */
  diarize?: boolean;
}

/**
 * One speaker's utterances, in order, on one provider connection (a streaming provider keeps
 * its socket open between utterances). At most one utterance is open at a time.
 */
export interface RecognizerStream {
  startUtterance(options?: UtteranceOptions): Utterance;
  /** Opens the provider connection now, ahead of the first utterance (optional). */
  open?(): void;
  /** Finishes nothing: drops an open utterance and closes the connection. */
  close(): Promise<void>;
}

/** Result of teaching a recogniser a meeting's words. */
export interface VocabularyResult {
  /** Words the recogniser now knows (that it did not before). */
  added: string[];
  /** Words it could not learn (e.g. no pronunciation can be built offline). */
  skipped: string[];
}

/** A speech-to-text provider. One instance serves many utterances, possibly at once. */
export interface SpeechRecognizer {
  /** Provider name, e.g. 'local' or 'openai'. */
  readonly name: string;
  /** Whether `partial()` returns interim text while speech is still going on. */
  readonly interimResults: boolean;
  /**
   * Streaming providers: audio goes to the provider while the person speaks, interim text
   * arrives through `UtteranceOptions.onInterim`, and each speaker gets a `stream()`.
   */
  readonly streaming?: boolean;
  /** Whether the provider labels words by voice when a stream asks (`StreamOptions.diarize`). */
  readonly diarization?: boolean;
  /**
   * Whether it can transcribe a language (BCP-47; '' for the deployment's default). Absent:
   * any. See `speaks` in languages.ts.
   */
  speaks?(language: string): boolean;
  /** A connection for one speaker's utterances (streaming providers; others need none). */
  stream?(options?: StreamOptions): RecognizerStream;
  /** Terms the provider should favour (Deepgram keyterms, OpenAI keywords or prompt). */
  setKeyterms?(terms: string[]): void;
  /** Loads models or opens connections ahead of the first utterance. */
  warmup(): Promise<void>;
  startUtterance(options?: UtteranceOptions): Utterance;
  /** Teaches the recogniser a meeting's names and terms, where it can learn them. */
  addVocabulary?(terms: string[]): Promise<VocabularyResult>;
  close(): Promise<void>;
}

/** A recognised stretch of speech, with times in ms from the start of the audio stream. */
export interface RecognizedSegment {
  startMs: number;
  endMs: number;
  text: string;
}

import { randomUUID } from 'node:crypto';
import type { SpeakerRun } from './speaker-runs.ts';
import type {
  RecognizedSegment,
  RecognizerStream,
  SpeechRecognizer,
  Utterance,
  UtteranceOptions,
} from './types.ts';
import type { VadEvent } from './vad.ts';

export interface SegmenterOptions extends UtteranceOptions {
  /** How often (ms of audio) interim text is asked for while someone speaks. */
  interimIntervalMs: number;
  /** Sample rate of the VAD's events (their `samplesIndex`). */
  vadSampleRate: number;
  /**
   * Whether to tell voices apart (a shared room microphone), asked at each utterance's start:
   * a change takes effect there, on a new provider connection (streaming providers).
   */
  diarize?: () => boolean;
}

export const defaultSegmenterOptions: SegmenterOptions = {
  interimIntervalMs: 400,
  vadSampleRate: 16_000,
};

export interface SegmenterHandlers {
  /** Interim text of the utterance that started at `startMs` (same key until its final). */
  onInterim?: (u: { startMs: number; text: string }) => void;
  /** A final segment; called in the order utterances started. Empty results are not reported. */
  onFinal: (
    segment: RecognizedSegment & {
      vadEndAt: number;
      /** The text split by voice (a diarized stream), else null. */
      runs: SpeakerRun[] | null;
    },
  ) => void;
  /** A recogniser failure for one utterance (the utterance is lost, the stream goes on). */
  onError?: (err: unknown, u: { startMs: number; endMs: number }) => void;
}

interface Active {
  utterance: Utterance;
  startMs: number;
  samples: number;
  nextInterimAt: number;
  interimBusy: boolean;
  lastInterim: string;
}

/**
 * Turns a VAD event stream into utterances for a speech recogniser: audio goes to the
 * recogniser from the start of speech (with the VAD's prefix padding) to its end, interim
 * text is asked for as it goes, and the final text is reported with times in ms from the
 * start of the stream.
 */
export class Segmenter {
  readonly #recognizer: SpeechRecognizer;
  readonly #opts: SegmenterOptions;
  readonly #h: SegmenterHandlers;
  #active: Active | null = null;
  /**
   * This speaker's provider connection (streaming providers), opened with the segmenter: the
   * first words need not wait for a socket (TLS and upgrade are a round trip or three).
   */
  #stream: RecognizerStream | null = null;
  /** Whether `#stream` was opened with diarization. */
  #diarized = false;
  #finals: Promise<void> = Promise.resolve();
  /** Finals still being decoded, oldest first. */
  readonly #pending: Promise<void>[] = [];
  #lastSampleIndex = 0;
  /** One key per stream: the local recogniser keeps a speaker's decoder for them. */
  readonly #speaker = randomUUID();

  constructor(
    recognizer: SpeechRecognizer,
    handlers: SegmenterHandlers,
    options: Partial<SegmenterOptions> = {},
  ) {
    this.#recognizer = recognizer;
    this.#h = handlers;
    this.#opts = { ...defaultSegmenterOptions, ...options };
    if (recognizer.streaming) this.#openStream()?.open?.();
  }

  #openStream(): RecognizerStream | null {
    this.#diarized = this.#opts.diarize?.() === true;
    this.#stream = this.#recognizer.stream?.({ diarize: this.#diarized }) ?? null;
    return this.#stream;
  }

  get speaking(): boolean {
    return this.#active !== null;
  }

  #ms(samples: number): number {
    return Math.round((samples * 1000) / this.#opts.vadSampleRate);
  }

  handle(ev: VadEvent): void {
    switch (ev.type) {
      case 'inference':
        this.#lastSampleIndex = ev.samplesIndex;
        if (this.#active) this.#push(this.#active, ev.pcm);
        break;
      case 'start': {
        if (this.#active) break;
        const startMs = Math.max(0, this.#ms(ev.samplesIndex) - Math.round(ev.speechMs));
        const options: UtteranceOptions = {
          language: this.#opts.language,
          prompt: this.#opts.prompt,
          speaker: this.#speaker,
        };
        if (this.#recognizer.streaming) {
          // Interims pushed by the provider go out as they come (no polling).
          options.onInterim = (text) => this.#interim(a, text);
          const old = this.#stream;
          if (old && (this.#opts.diarize?.() === true) !== this.#diarized) {
            // Diarization is chosen per connection: a new one, once the old one's finals came.
            void this.#finals.then(() => old.close());
            this.#stream = null;
          }
          if (!this.#stream) this.#openStream();
        }
        const a: Active = {
          utterance: (this.#stream ?? this.#recognizer).startUtterance(options),
          startMs,
          samples: 0,
          nextInterimAt: (this.#opts.interimIntervalMs * this.#opts.vadSampleRate) / 1000,
          interimBusy: false,
          lastInterim: '',
        };
        this.#active = a;
        this.#push(a, ev.pcm);
        break;
      }
      case 'pause':
        this.#active?.utterance.commit?.();
        break;
      case 'end': {
        const endMs = Math.max(0, this.#ms(ev.samplesIndex) - Math.round(ev.silenceMs));
        this.#end(endMs);
        break;
      }
    }
  }

  #push(a: Active, pcm: Int16Array): void {
    a.utterance.push(pcm);
    a.samples += pcm.length;
    if (this.#h.onInterim && this.#recognizer.interimResults && a.samples >= a.nextInterimAt) {
      a.nextInterimAt =
        a.samples + (this.#opts.interimIntervalMs * this.#opts.vadSampleRate) / 1000;
      if (a.interimBusy) return;
      a.interimBusy = true;
      void a.utterance
        .partial()
        .then((text) => this.#interim(a, text))
        .catch(() => undefined)
        .finally(() => {
          a.interimBusy = false;
        });
    }
  }

  #interim(a: Active, text: string | null): void {
    const t = text?.trim() ?? '';
    if (t && t !== a.lastInterim && this.#active === a) {
      a.lastInterim = t;
      this.#h.onInterim?.({ startMs: a.startMs, text: t });
    }
  }

  #end(endMs: number): void {
    const a = this.#active;
    if (!a) return;
    this.#active = null;
    const vadEndAt = Date.now();
    const result = a.utterance.finish();
    const final = this.#finals.then(async () => {
      try {
        const text = (await result).trim();
        const runs = text ? (a.utterance.speakerRuns?.() ?? null) : null;
        if (text) this.#h.onFinal({ startMs: a.startMs, endMs, text, vadEndAt, runs });
      } catch (err) {
        this.#h.onError?.(err, { startMs: a.startMs, endMs });
      } finally {
        void this.#pending.shift();
      }
    });
    this.#pending.push(final);
    this.#finals = final;
  }

  /** Waits until at most `max` ended utterances are still being decoded. */
  async drain(max: number): Promise<void> {
    while (this.#pending.length > max) await this.#pending[0];
  }

  /**
   * Ends an utterance still open (the stream ended mid-speech), waits for every final and
   * closes the speaker's provider connection.
   */
  async flush(): Promise<void> {
    if (this.#active) this.#end(this.#ms(this.#lastSampleIndex));
    await this.#finals;
    await this.#stream?.close();
    this.#stream = null;
  }

  /** Drops an open utterance (e.g. the person paused transcription) without a result. */
  cancel(): void {
    this.#active?.utterance.abort();
    this.#active = null;
  }
}

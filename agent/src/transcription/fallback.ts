import { Backoff } from './backoff.ts';
import type { SpeechRecognizer, Utterance, UtteranceOptions, VocabularyResult } from './types.ts';
import { speaks } from './languages.ts';

export interface FallbackOptions {
  /** How long the primary is left alone after a failure; doubles per failure up to `maxCooldownMs`. */
  cooldownMs: number;
  maxCooldownMs: number;
  /** Longest the primary may take for one utterance before the fallback answers instead. */
  timeoutMs: number;
}

export const defaultFallbackOptions: FallbackOptions = {
  cooldownMs: 10_000,
  maxCooldownMs: 300_000,
  timeoutMs: 10_000,
};

export interface FallbackEvents {
  /** The fallback transcribed an utterance because the primary failed (`err`) or was cooling down. */
  onFallback?: (reason: 'error' | 'timeout' | 'cooldown', err?: unknown) => void;
  /** The primary answered again after failures. */
  onRecovered?: () => void;
}

/**
 * Uses a (cloud) primary recogniser and, when it fails or times out, transcribes the same
 * utterance with the fallback (local) one, so the transcript has no hole. After a failure the
 * primary rests for a cool-down that grows with repeated failures, then is tried again.
 */
export class FallbackRecognizer implements SpeechRecognizer {
  readonly name: string;
  readonly interimResults: boolean;
  readonly #primary: SpeechRecognizer;
  readonly #fallback: SpeechRecognizer;
  readonly #o: FallbackOptions;
  readonly #ev: FallbackEvents;
  readonly #backoff: Backoff;

  constructor(
    primary: SpeechRecognizer,
    fallback: SpeechRecognizer,
    options: Partial<FallbackOptions> = {},
    events: FallbackEvents = {},
  ) {
    this.#primary = primary;
    this.#fallback = fallback;
    this.#o = { ...defaultFallbackOptions, ...options };
    this.#ev = events;
    this.#backoff = new Backoff(this.#o.cooldownMs, this.#o.maxCooldownMs);
    this.name = primary.name;
    this.interimResults = primary.interimResults;
  }

  /** Whether the primary is currently resting after failures. */
  get degraded(): boolean {
    return this.#backoff.resting;
  }

  /** The local fallback learns the words; the primary gets them as a prompt per utterance. */
  async addVocabulary(terms: string[]): Promise<VocabularyResult> {
    return this.#fallback.addVocabulary?.(terms) ?? { added: [], skipped: [] };
  }

  /** Warms the primary only: the fallback loads on first use, so a healthy provider costs no local model memory. */
  async warmup(): Promise<void> {
    await this.#primary.warmup();
  }

  startUtterance(options: UtteranceOptions = {}): Utterance {
    // A fallback that cannot do the meeting's language would write words never said: the
    // primary is the only recogniser then, resting or not.
    const fallback = speaks(this.#fallback, options.language ?? '') ? this.#fallback : null;
    if (this.degraded && fallback) {
      this.#ev.onFallback?.('cooldown');
      return this.#fallback.startUtterance(options);
    }
    const primary = this.#primary.startUtterance(options);
    const audio: Int16Array[] = [];
    let done = false;
    return {
      push: (pcm) => {
        if (done) return;
        audio.push(pcm);
        primary.push(pcm);
      },
      partial: () => primary.partial(),
      finish: async () => {
        done = true;
        let timer: NodeJS.Timeout | undefined;
        const timeout = new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new TimeoutError()), this.#o.timeoutMs);
        });
        try {
          const text = await Promise.race([primary.finish(), timeout]);
          if (this.#backoff.succeeded()) this.#ev.onRecovered?.();
          return text;
        } catch (err) {
          primary.abort();
          this.#backoff.failed();
          if (!fallback) throw err;
          this.#ev.onFallback?.(err instanceof TimeoutError ? 'timeout' : 'error', err);
          const local = fallback.startUtterance(options);
          for (const pcm of audio) local.push(pcm);
          return local.finish();
        } finally {
          clearTimeout(timer);
        }
      },
      abort: () => {
        done = true;
        audio.length = 0;
        primary.abort();
      },
    };
  }

  async close(): Promise<void> {
    await Promise.all([this.#primary.close(), this.#fallback.close()]);
  }
}

class TimeoutError extends Error {
  override name = 'TimeoutError';
  constructor() {
    super('speech recogniser timed out');
  }
}

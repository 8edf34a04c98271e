import { AudioFrame } from '@livekit/rtc-node';
import * as openai from '@livekit/agents-plugin-openai';
import { concatPcm } from './wav.ts';
import {
  RECOGNIZER_SAMPLE_RATE,
  type SpeechRecognizer,
  type Utterance,
  type UtteranceOptions,
} from './types.ts';

export interface OpenAIRecognizerOptions {
  /** API key of the OpenAI-compatible server. */
  apiKey: string;
  /** Base URL, e.g. https://api.openai.com/v1 or a self-hosted Whisper server. */
  baseURL?: string;
  /** Transcription model, e.g. 'whisper-1' or 'gpt-4o-transcribe'. */
  model: string;
  /** Default language (BCP-47). */
  language: string;
  /** Vocabulary hint passed to the model as its prompt. */
  prompt?: string;
  /** Longest a request may take before it is abandoned, in ms. */
  timeoutMs: number;
}

export const defaultOpenAIRecognizerOptions = {
  model: 'whisper-1',
  language: 'en',
  timeoutMs: 10_000,
} satisfies Partial<OpenAIRecognizerOptions>;

/**
 * Batch transcription behind the VAD through the OpenAI audio API (via the LiveKit OpenAI
 * plugin): the utterance's audio is sent when speech ends. Works with any server that speaks
 * the same protocol (Groq, a self-hosted Whisper server).
 */
export class OpenAIRecognizer implements SpeechRecognizer {
  readonly name = 'openai';
  readonly interimResults = false;
  readonly #opts: OpenAIRecognizerOptions;
  readonly #stts = new Map<string, openai.STT>();

  constructor(options: Partial<OpenAIRecognizerOptions> & { apiKey: string }) {
    this.#opts = { ...defaultOpenAIRecognizerOptions, ...options };
  }

  #stt(language: string, prompt = this.#opts.prompt): openai.STT {
    const key = `${language}\n${prompt ?? ''}`;
    let s = this.#stts.get(key);
    if (!s) {
      s = new openai.STT({
        apiKey: this.#opts.apiKey,
        baseURL: this.#opts.baseURL,
        model: this.#opts.model,
        language,
        prompt,
        useRealtime: false,
        vad: null,
      });
      this.#stts.set(key, s);
    }
    return s;
  }

  warmup(): Promise<void> {
    this.#stt(this.#opts.language);
    return Promise.resolve();
  }

  startUtterance(options: UtteranceOptions = {}): Utterance {
    const stt = this.#stt(
      options.language ?? this.#opts.language,
      options.prompt ?? this.#opts.prompt,
    );
    const chunks: Int16Array[] = [];
    let done = false;
    const timeoutMs = this.#opts.timeoutMs;
    return {
      push(pcm) {
        if (!done) chunks.push(pcm);
      },
      partial: () => Promise.resolve(null),
      async finish() {
        done = true;
        const all = concatPcm(chunks);
        const frame = new AudioFrame(all, RECOGNIZER_SAMPLE_RATE, 1, all.length);
        const ev = await stt.recognize(frame, AbortSignal.timeout(timeoutMs));
        return ev.alternatives?.[0]?.text.trim() ?? '';
      },
      abort() {
        done = true;
        chunks.length = 0;
      },
    };
  }

  close(): Promise<void> {
    this.#stts.clear();
    return Promise.resolve();
  }
}

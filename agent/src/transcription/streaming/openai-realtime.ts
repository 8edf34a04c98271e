import * as openai from '@livekit/agents-plugin-openai';
import type { PluginConnection } from './session.ts';
import type { StreamingProvider } from './recognizer.ts';

export interface OpenAIRealtimeOptions {
  apiKey: string;
  /** OpenAI's API or a compatible server (`https://…/v1`; the plugin opens `…/realtime`). */
  baseURL?: string;
  /** Realtime transcription model, e.g. gpt-4o-transcribe. */
  model: string;
  language: string;
}

export const defaultOpenAIRealtimeOptions = {
  model: 'gpt-4o-transcribe',
  language: 'en',
} satisfies Partial<OpenAIRealtimeOptions>;

/** Models that take a list of keywords; the others get the terms as their prompt. */
const KEYWORD_MODELS = ['gpt-transcribe', 'gpt-live-transcribe'];

/**
 * OpenAI's realtime transcription WebSocket through the LiveKit OpenAI plugin. Parley's VAD
 * ends each utterance (no server turn detection): the plugin commits the audio buffer on
 * flush and the server answers with deltas and one completed item.
 */
export class OpenAIRealtimeProvider implements StreamingProvider {
  readonly name = 'openai-realtime';
  /** Every committed item ends with `completed` (the plugin reports its usage). */
  readonly boundary = 'usage';
  readonly detectTimelineReset = false;
  readonly diarization = false;
  readonly #o: OpenAIRealtimeOptions;

  constructor(options: Partial<OpenAIRealtimeOptions> & { apiKey: string }) {
    this.#o = { ...defaultOpenAIRealtimeOptions, ...options };
  }

  #context(terms: string[]): { keywords?: string[]; prompt?: string } {
    if (KEYWORD_MODELS.some((m) => this.#o.model.startsWith(m))) return { keywords: terms };
    return terms.length > 0 ? { prompt: terms.join(', ') } : {};
  }

  connect(keyterms: string[]): PluginConnection {
    const stt = new openai.STT({
      apiKey: this.#o.apiKey,
      baseURL: this.#o.baseURL,
      model: this.#o.model,
      language: this.#o.language,
      useRealtime: true,
      turnDetection: null,
      vad: null,
      ...this.#context(keyterms),
    });
    return {
      stt,
      stream: stt.stream(),
      // A session.update on the open socket: no reconnect.
      applyKeyterms: (terms) => stt.updateOptions(this.#context(terms)),
    };
  }
}

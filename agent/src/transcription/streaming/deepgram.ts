import * as deepgram from '@livekit/agents-plugin-deepgram';
import { RECOGNIZER_SAMPLE_RATE } from '../types.ts';
import type { StreamOptions } from '../types.ts';
import type { PluginConnection } from './session.ts';
import type { StreamingProvider } from './recognizer.ts';

export interface DeepgramOptions {
  apiKey: string;
  /** Deepgram's API, or a compatible server (`wss://…`; the plugin adds `/v1/listen`). */
  baseUrl: string;
  model: string;
  language: string;
  /** Silence (ms) after which Deepgram marks a result `speech_final`. */
  endpointingMs: number;
}

export const defaultDeepgramOptions = {
  baseUrl: 'wss://api.deepgram.com',
  model: 'nova-3',
  language: 'en',
  endpointingMs: 25,
} satisfies Partial<DeepgramOptions>;

/** Deepgram's live transcription (listen WebSocket) through the LiveKit Deepgram plugin. */
export class DeepgramProvider implements StreamingProvider {
  readonly name = 'deepgram';
  /** Deepgram answers a Finalize with a final only when words were pending. */
  readonly boundary = 'results';
  /** Result times count from the start of each socket: a silent reconnect shows as a jump back. */
  readonly detectTimelineReset = true;
  /** `diarize`: each word carries a speaker (kept by Parley's patch of the plugin). */
  readonly diarization = true;
  readonly #o: DeepgramOptions;

  constructor(options: Partial<DeepgramOptions> & { apiKey: string }) {
    this.#o = { ...defaultDeepgramOptions, ...options };
  }

  connect(keyterms: string[], options: StreamOptions = {}): PluginConnection {
    const stt = new deepgram.STT({
      apiKey: this.#o.apiKey,
      baseUrl: this.#o.baseUrl,
      model: this.#o.model,
      language: this.#o.language,
      interimResults: true,
      endpointing: this.#o.endpointingMs,
      sampleRate: RECOGNIZER_SAMPLE_RATE,
      numChannels: 1,
      keyterm: keyterms,
      diarize: options.diarize === true,
    });
    // Keyterms are query parameters: new ones take a new connection. (The plugin's own
    // updateOptions reconnects in place, but the next utterance's final then never came.)
    return { stt, stream: stt.stream() };
  }
}

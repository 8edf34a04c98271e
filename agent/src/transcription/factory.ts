import { STT_PROVIDERS, type SttProvider } from '@parley/protocol';
import { FallbackRecognizer, type FallbackEvents, type FallbackOptions } from './fallback.ts';
import { LocalRecognizer, type LocalRecognizerOptions } from './local.ts';
import { OpenAIRecognizer, type OpenAIRecognizerOptions } from './openai.ts';
import { SharedLocalRecognizer, type InferenceClient } from './shared-local.ts';
import {
  DeepgramProvider,
  OpenAIRealtimeProvider,
  StreamingRecognizer,
  type DeepgramOptions,
  type OpenAIRealtimeOptions,
  type StreamingEvents,
  type StreamingOptions,
} from './streaming/index.ts';
import type { SpeechRecognizer } from './types.ts';

export interface RecognizerConfig {
  provider: SttProvider;
  local?: Partial<LocalRecognizerOptions>;
  openai?: Partial<OpenAIRecognizerOptions>;
  deepgram?: Partial<DeepgramOptions>;
  /** OpenAI realtime transcription (key and base URL default to `openai`'s). */
  openaiRealtime?: Partial<OpenAIRealtimeOptions>;
  streaming?: Partial<StreamingOptions>;
  /** For cloud providers: transcribe locally when the provider fails (default true). */
  fallback?: boolean;
  fallbackOptions?: Partial<FallbackOptions>;
}

/** The providers this server can use: `local`, and each cloud one whose API key is set. */
export function usableSttProviders(config: RecognizerConfig): SttProvider[] {
  const key: Record<SttProvider, string | undefined> = {
    local: 'none needed',
    openai: config.openai?.apiKey,
    'openai-realtime': config.openaiRealtime?.apiKey ?? config.openai?.apiKey,
    deepgram: config.deepgram?.apiKey,
  };
  return STT_PROVIDERS.filter((p) => key[p]);
}

/** The provider a meeting gets: the one wanted when this server has its key, else `local`. */
export function providerWithKey(config: RecognizerConfig, wanted: SttProvider): SttProvider {
  return usableSttProviders(config).includes(wanted) ? wanted : 'local';
}

/**
 * Builds the configured speech recogniser (a cloud one wrapped with the local fallback).
 * With `shared`, local recognition runs in the worker's shared inference process.
 */
export function createRecognizer(
  config: RecognizerConfig,
  events: FallbackEvents & StreamingEvents = {},
  shared?: InferenceClient,
): SpeechRecognizer {
  const local = (): SpeechRecognizer =>
    shared ? new SharedLocalRecognizer(shared) : new LocalRecognizer(config.local);
  const fallback = config.fallback === false ? null : local();
  switch (config.provider) {
    case 'deepgram': {
      const apiKey = config.deepgram?.apiKey;
      if (!apiKey) throw new Error('the deepgram STT provider needs an API key (DEEPGRAM_API_KEY)');
      const provider = new DeepgramProvider({ ...config.deepgram, apiKey });
      return new StreamingRecognizer(provider, fallback, config.streaming, events);
    }
    case 'openai-realtime': {
      const apiKey = config.openaiRealtime?.apiKey ?? config.openai?.apiKey;
      if (!apiKey) throw new Error('the openai-realtime STT provider needs OPENAI_API_KEY');
      const provider = new OpenAIRealtimeProvider({
        baseURL: config.openai?.baseURL,
        ...config.openaiRealtime,
        apiKey,
      });
      return new StreamingRecognizer(provider, fallback, config.streaming, events);
    }
    case 'local':
      return local();
    case 'openai': {
      const apiKey = config.openai?.apiKey;
      if (!apiKey) throw new Error('the openai STT provider needs an API key (OPENAI_API_KEY)');
      const cloud = new OpenAIRecognizer({ ...config.openai, apiKey });
      if (config.fallback === false) return cloud;
      return new FallbackRecognizer(cloud, local(), fallbackOptionsFor(config), events);
    }
  }
}

/**
 * The fallback's options: the cloud request's timeout unless set explicitly. A setting left
 * out stays out (an `undefined` would replace the fallback's default).
 */
export function fallbackOptionsFor(config: RecognizerConfig): Partial<FallbackOptions> {
  const timeoutMs = config.openai?.timeoutMs;
  return { ...(timeoutMs === undefined ? {} : { timeoutMs }), ...config.fallbackOptions };
}

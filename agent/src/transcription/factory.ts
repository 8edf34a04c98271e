import { LocalRecognizer, type LocalRecognizerOptions } from './local.ts';
import { OpenAIRecognizer, type OpenAIRecognizerOptions } from './openai.ts';
import type { SpeechRecognizer } from './types.ts';

export type SttProviderName = 'local' | 'openai';

export interface RecognizerConfig {
  provider: SttProviderName;
  local?: Partial<LocalRecognizerOptions>;
  openai?: Partial<OpenAIRecognizerOptions>;
}

/** Builds the configured speech recogniser. */
export function createRecognizer(config: RecognizerConfig): SpeechRecognizer {
  switch (config.provider) {
    case 'local':
      return new LocalRecognizer(config.local);
    case 'openai': {
      const apiKey = config.openai?.apiKey;
      if (!apiKey) throw new Error('the openai STT provider needs an API key (OPENAI_API_KEY)');
      return new OpenAIRecognizer({ ...config.openai, apiKey });
    }
  }
}

import { silentLogger, type Logger } from '@parley/services/log';
import {
  CircuitBreaker,
  type CircuitBreakerOptions,
  type CircuitState,
} from '@parley/services/llm';
import { FallbackSuggestionEngine, type FallbackEngineEvents } from './fallback.ts';
import { LlmSuggestionEngine, type LlmEngineOptions } from './llm.ts';
import { TemplateSuggestionEngine, type TemplateEngineOptions } from './template.ts';
import { systemClock, type Clock, type SuggestionEngine } from './types.ts';

export type SuggestionProviderName = 'template' | 'llm';

export interface SuggestionEngineConfig {
  provider: SuggestionProviderName;
  template?: Partial<TemplateEngineOptions>;
  /** For `llm`: `apiKey` is required. */
  llm?: Partial<LlmEngineOptions>;
  breaker?: Partial<CircuitBreakerOptions>;
  /** For `llm`: answer with the template engine when the LLM fails (default true). */
  fallback?: boolean;
  logger?: Logger;
  clock?: Pick<Clock, 'now'>;
  events?: FallbackEngineEvents & {
    onCircuitChange?: (from: CircuitState, to: CircuitState) => void;
  };
}

/**
 * Builds the configured engine: `template` alone, or `llm` behind a circuit breaker with the
 * template engine as fallback. One engine (and so one breaker) per worker process is intended.
 */
export function createSuggestionEngine(config: SuggestionEngineConfig): SuggestionEngine {
  const log = config.logger ?? silentLogger;
  const template = new TemplateSuggestionEngine(config.template);
  switch (config.provider) {
    case 'template':
      return template;
    case 'llm': {
      const apiKey = config.llm?.apiKey;
      if (!apiKey) throw new Error('the llm suggestion provider needs an API key');
      const llm = new LlmSuggestionEngine({ ...config.llm, apiKey }, log);
      if (config.fallback === false) return llm;
      const breaker = new CircuitBreaker(
        config.breaker,
        config.clock ?? systemClock,
        (from, to) => {
          log.info({ from, to }, 'suggestion circuit breaker');
          config.events?.onCircuitChange?.(from, to);
        },
      );
      return new FallbackSuggestionEngine(llm, template, breaker, config.events, log);
    }
  }
}

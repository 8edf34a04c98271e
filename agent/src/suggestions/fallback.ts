import { silentLogger, type Logger } from '@parley/services/log';
import { CircuitBreaker, LlmError } from '@parley/services/llm';
import { type SuggestionContext, type SuggestionDraft, type SuggestionEngine } from './types.ts';

export type FallbackReason = 'circuit_open' | 'error' | 'timeout' | 'invalid_output';

export interface FallbackEngineEvents {
  /** The fallback answered instead of the primary. */
  onFallback?: (reason: FallbackReason, err?: unknown) => void;
  /** The primary answered (after `ms`). */
  onPrimary?: (ms: number) => void;
}

/**
 * Asks the primary engine (the LLM) through a circuit breaker; when the circuit is open or the
 * primary fails or answers nonsense, the fallback (the template engine) answers instead, so the
 * meeting always gets suggestions.
 */
export class FallbackSuggestionEngine implements SuggestionEngine {
  readonly name: string;
  readonly breaker: CircuitBreaker;
  readonly #primary: SuggestionEngine;
  readonly #fallback: SuggestionEngine;
  readonly #ev: FallbackEngineEvents;
  readonly #log: Logger;

  constructor(
    primary: SuggestionEngine,
    fallback: SuggestionEngine,
    breaker: CircuitBreaker = new CircuitBreaker(),
    events: FallbackEngineEvents = {},
    logger: Logger = silentLogger,
  ) {
    this.name = `${primary.name}+${fallback.name}`;
    this.#primary = primary;
    this.#fallback = fallback;
    this.breaker = breaker;
    this.#ev = events;
    this.#log = logger;
  }

  async suggest(ctx: SuggestionContext): Promise<SuggestionDraft[]> {
    if (!this.breaker.tryAcquire()) {
      this.#ev.onFallback?.('circuit_open');
      return this.#fallback.suggest(ctx);
    }
    const started = performance.now();
    try {
      const drafts = await this.#primary.suggest(ctx);
      this.breaker.success();
      this.#ev.onPrimary?.(performance.now() - started);
      return drafts;
    } catch (err) {
      if (ctx.signal?.aborted) {
        this.breaker.release();
        return [];
      }
      this.breaker.failure();
      const e = err instanceof LlmError ? err : undefined;
      const reason: FallbackReason =
        e?.kind === 'timeout'
          ? 'timeout'
          : e?.kind === 'invalid_output'
            ? 'invalid_output'
            : 'error';
      this.#log.warn(
        {
          reason,
          kind: e?.kind,
          status: e?.status,
          attempts: e?.attempts,
          circuit: this.breaker.state,
        },
        'suggestion engine failed; template suggestions instead',
      );
      this.#ev.onFallback?.(reason, err);
      return this.#fallback.suggest(ctx);
    }
  }
}

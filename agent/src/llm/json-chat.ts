import OpenAI from 'openai';
import type { z } from 'zod';
import { CircuitBreaker, type CircuitBreakerOptions } from '../suggestions/circuit-breaker.ts';
import { LlmEngineError } from '../suggestions/llm.ts';

export interface JsonChatOptions {
  apiKey: string;
  /** OpenAI-compatible API base (ends in /v1). */
  baseURL?: string | undefined;
  model: string;
  /** Longest one attempt may take (ms). */
  timeoutMs: number;
  /** SDK retries for retryable errors (429, 5xx, network), with its backoff. */
  maxRetries: number;
  temperature: number;
  maxTokens: number;
  /** Send `response_format: json_object` (most servers accept it). */
  jsonMode: boolean;
  breaker: Partial<CircuitBreakerOptions>;
}

export const defaultJsonChatOptions: Omit<JsonChatOptions, 'apiKey'> = {
  model: 'gpt-4o-mini',
  timeoutMs: 60_000,
  maxRetries: 2,
  temperature: 0.2,
  maxTokens: 1500,
  jsonMode: true,
  breaker: {},
};

/**
 * Chat completions whose answer must be one JSON object matching a zod schema. Errors are
 * `LlmEngineError`s (the suggestion engine's kinds: http, network, timeout, invalid_output),
 * behind the suggestion engine's circuit breaker, so callers fall back to offline methods the
 * same way. Never logs prompt or answer text.
 */
export class JsonChatClient {
  readonly #o: JsonChatOptions;
  readonly #client: OpenAI;
  readonly breaker: CircuitBreaker;

  constructor(options: Partial<JsonChatOptions> & { apiKey: string }) {
    this.#o = { ...defaultJsonChatOptions, ...options };
    this.#client = new OpenAI({
      apiKey: this.#o.apiKey,
      ...(this.#o.baseURL ? { baseURL: this.#o.baseURL } : {}),
      timeout: this.#o.timeoutMs,
      maxRetries: this.#o.maxRetries,
    });
    this.breaker = new CircuitBreaker(this.#o.breaker);
  }

  async complete<S extends z.ZodType>(
    prompt: { system: string; user: string },
    schema: S,
    signal?: AbortSignal,
  ): Promise<z.infer<S>> {
    if (!this.breaker.tryAcquire()) {
      throw new LlmEngineError('http', 'circuit open: LLM calls paused after failures');
    }
    let content: string | null | undefined;
    try {
      const res = await this.#client.chat.completions.create(
        {
          model: this.#o.model,
          messages: [
            { role: 'system', content: prompt.system },
            { role: 'user', content: prompt.user },
          ],
          temperature: this.#o.temperature,
          max_tokens: this.#o.maxTokens,
          ...(this.#o.jsonMode ? { response_format: { type: 'json_object' as const } } : {}),
        },
        signal ? { signal } : {},
      );
      content = res.choices[0]?.message.content;
    } catch (err) {
      this.breaker.failure();
      if (err instanceof OpenAI.APIConnectionTimeoutError) {
        throw new LlmEngineError('timeout', 'LLM timed out', { retryable: true, cause: err });
      }
      const status =
        err instanceof OpenAI.APIError ? (err.status as number | undefined) : undefined;
      if (status !== undefined) {
        throw new LlmEngineError('http', `HTTP ${status}`, {
          status,
          retryable: status === 429 || status >= 500,
          cause: err,
        });
      }
      throw new LlmEngineError('network', 'LLM request failed', { retryable: true, cause: err });
    }
    // A well-formed HTTP answer: the service works, whatever the content is.
    this.breaker.success();
    if (typeof content !== 'string') {
      throw new LlmEngineError('invalid_output', 'answer has no content');
    }
    let json: unknown;
    try {
      json = JSON.parse(stripFences(content));
    } catch {
      throw new LlmEngineError('invalid_output', 'answer is not JSON');
    }
    const r = schema.safeParse(json);
    if (!r.success) {
      throw new LlmEngineError(
        'invalid_output',
        `answer does not match the schema (${r.error.issues[0]?.path.join('.') || 'root'})`,
      );
    }
    return r.data;
  }
}

/** Removes a ```json fence some models wrap their answer in. */
export function stripFences(s: string): string {
  const m = /^\s*```(?:json)?\s*([\s\S]*?)\s*```\s*$/i.exec(s);
  return m?.[1] ?? s;
}

import type { z } from 'zod';
import {
  ChatClient,
  defaultChatClientOptions,
  withDefaults,
  type ChatClientOptions,
} from './chat.ts';
import { CircuitBreaker, type CircuitBreakerOptions } from './circuit-breaker.ts';
import { LlmError } from './errors.ts';

export interface JsonChatOptions extends ChatClientOptions {
  temperature: number;
  maxTokens: number;
  /** Send `response_format: json_object` (most servers accept it). */
  jsonMode: boolean;
  breaker: Partial<CircuitBreakerOptions>;
}

export const defaultJsonChatOptions: Omit<JsonChatOptions, 'apiKey' | 'fetch'> = {
  ...defaultChatClientOptions,
  timeoutMs: 60_000,
  maxRetries: 2,
  temperature: 0.2,
  maxTokens: 1500,
  jsonMode: true,
  breaker: {},
};

/**
 * Chat completions whose answer must be one JSON object matching a zod schema, behind a circuit
 * breaker: errors are `LlmError`s (http, network, timeout, invalid_output), so callers fall back
 * to offline methods. Never logs prompt or answer text.
 */
export class JsonChatClient {
  readonly #o: JsonChatOptions;
  readonly #chat: ChatClient;
  readonly breaker: CircuitBreaker;

  constructor(options: Partial<JsonChatOptions> & { apiKey: string }) {
    this.#o = withDefaults({ ...defaultJsonChatOptions, fetch: globalThis.fetch }, options);
    this.#chat = new ChatClient(this.#o);
    this.breaker = new CircuitBreaker(this.#o.breaker);
  }

  async complete<S extends z.ZodType>(
    prompt: { system: string; user: string },
    schema: S,
    signal?: AbortSignal,
  ): Promise<z.infer<S>> {
    if (!this.breaker.tryAcquire()) {
      throw new LlmError('http', 'circuit open: LLM calls paused after failures');
    }
    let content: string;
    try {
      content = await this.#chat.complete(
        {
          messages: [
            { role: 'system', content: prompt.system },
            { role: 'user', content: prompt.user },
          ],
          temperature: this.#o.temperature,
          maxTokens: this.#o.maxTokens,
          ...(this.#o.jsonMode ? { responseFormat: { type: 'json_object' } } : {}),
        },
        signal,
      );
    } catch (err) {
      const kind = err instanceof LlmError ? err.kind : 'network';
      // A well-formed HTTP answer means the service works, whatever its content; a cancelled
      // call says nothing about it.
      if (kind === 'invalid_output') this.breaker.success();
      else if (kind === 'aborted') this.breaker.release();
      else this.breaker.failure();
      throw err;
    }
    this.breaker.success();
    let json: unknown;
    try {
      json = JSON.parse(stripFences(content));
    } catch {
      throw new LlmError('invalid_output', 'answer is not JSON');
    }
    const r = schema.safeParse(json);
    if (!r.success) {
      throw new LlmError(
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

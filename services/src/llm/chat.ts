import OpenAI, {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIError,
  APIUserAbortError,
} from 'openai';
import type {
  ChatCompletion,
  ChatCompletionCreateParamsNonStreaming,
} from 'openai/resources/chat/completions';
import { silentLogger, type Logger } from '../log/index.ts';
import { LlmError, parseRetryAfter } from './errors.ts';

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

export interface ChatRequest {
  messages: ChatMessage[];
  temperature?: number;
  maxTokens?: number;
  /** Sent as `response_format` (e.g. `{ type: 'json_object' }`); omitted when unset. */
  responseFormat?: Record<string, unknown>;
}

export interface ChatClientOptions {
  /** OpenAI-compatible API base, ending in /v1. */
  baseURL: string;
  apiKey: string;
  model: string;
  /** Longest one HTTP attempt may take (ms). */
  timeoutMs: number;
  /** Retries after the first attempt, for retryable errors only (408, 409, 429, 5xx, network, timeout). */
  maxRetries: number;
  /** First backoff (ms); doubles per retry, with ±20 % jitter. */
  retryBaseMs: number;
  /** A Retry-After (or backoff) longer than this (ms) is not waited for: the call fails. */
  maxRetryDelayMs: number;
  /** Injectable for tests. */
  fetch: typeof fetch;
}

export const defaultChatClientOptions: Omit<ChatClientOptions, 'apiKey' | 'fetch'> = {
  baseURL: 'https://api.openai.com/v1',
  model: 'gpt-4o-mini',
  timeoutMs: 8_000,
  maxRetries: 2,
  retryBaseMs: 250,
  maxRetryDelayMs: 5_000,
};

/** `defaults` overridden by the options that are set (an option given as `undefined` is unset). */
export function withDefaults<D extends object, O extends object>(defaults: D, options: O): D & O {
  const set = Object.entries(options).filter(([, v]) => v !== undefined);
  return { ...defaults, ...(Object.fromEntries(set) as O) };
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(new LlmError('aborted', 'aborted'));
      return;
    }
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(t);
      reject(new LlmError('aborted', 'aborted'));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * The one client of OpenAI-compatible chat completions, on the official OpenAI SDK
 * (non-streaming): timeouts, retries with backoff that honour Retry-After, cancellation. The
 * SDK makes one attempt per call (its own retries are off) so the loop here decides, and counts,
 * every retry. Failures are `LlmError`s. Logs carry attempt counts and status codes only, never
 * prompt or answer text.
 */
export class ChatClient {
  readonly #o: ChatClientOptions;
  readonly #log: Logger;
  readonly #sdk: OpenAI;

  constructor(
    options: Partial<ChatClientOptions> & { apiKey: string },
    logger: Logger = silentLogger,
  ) {
    this.#o = withDefaults({ ...defaultChatClientOptions, fetch: globalThis.fetch }, options);
    this.#log = logger;
    this.#sdk = new OpenAI({
      apiKey: this.#o.apiKey,
      baseURL: this.#o.baseURL,
      timeout: this.#o.timeoutMs,
      maxRetries: 0,
      fetch: this.#o.fetch,
    });
  }

  /** The answer's message content. */
  async complete(request: ChatRequest, signal?: AbortSignal): Promise<string> {
    const body: ChatCompletionCreateParamsNonStreaming = {
      model: this.#o.model,
      messages: request.messages,
    };
    if (request.temperature !== undefined) body.temperature = request.temperature;
    if (request.maxTokens !== undefined) body.max_tokens = request.maxTokens;
    if (request.responseFormat) {
      body.response_format = request.responseFormat as unknown as NonNullable<
        ChatCompletionCreateParamsNonStreaming['response_format']
      >;
    }
    return this.#withRetries(body, signal);
  }

  async #withRetries(
    body: ChatCompletionCreateParamsNonStreaming,
    signal: AbortSignal | undefined,
  ): Promise<string> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.#attempt(body, signal);
      } catch (err) {
        const e =
          err instanceof LlmError
            ? err
            : new LlmError('network', 'request failed', { retryable: true, cause: err });
        e.attempts = attempt + 1;
        if (!e.retryable || attempt >= this.#o.maxRetries || signal?.aborted) throw e;
        const backoff = this.#o.retryBaseMs * 2 ** attempt * (0.8 + Math.random() * 0.4);
        const wait = e.retryAfterMs ?? backoff;
        if (wait > this.#o.maxRetryDelayMs) throw e;
        this.#log.info(
          { attempt: attempt + 1, kind: e.kind, status: e.status, waitMs: Math.round(wait) },
          'LLM request failed; retrying',
        );
        await sleep(wait, signal);
      }
    }
  }

  async #attempt(
    body: ChatCompletionCreateParamsNonStreaming,
    signal: AbortSignal | undefined,
  ): Promise<string> {
    let completion: ChatCompletion;
    try {
      completion = await this.#sdk.chat.completions.create(body, signal ? { signal } : {});
    } catch (err) {
      throw this.#sdkError(err, signal);
    }
    const content: unknown = completion.choices?.[0]?.message?.content;
    if (typeof content !== 'string') {
      throw new LlmError('invalid_output', 'response has no message content');
    }
    return content;
  }

  /** The SDK's error as an `LlmError` (the response body's text is never kept). */
  #sdkError(err: unknown, signal: AbortSignal | undefined): LlmError {
    if (signal?.aborted || err instanceof APIUserAbortError) {
      return new LlmError('aborted', 'aborted', { cause: err });
    }
    if (err instanceof APIConnectionTimeoutError) {
      return new LlmError('timeout', `no answer within ${this.#o.timeoutMs} ms`, {
        retryable: true,
        cause: err,
      });
    }
    if (err instanceof APIConnectionError) {
      return new LlmError('network', 'request failed', { retryable: true, cause: err });
    }
    if (err instanceof APIError && typeof err.status === 'number') {
      const status = err.status;
      const retryable = status === 408 || status === 409 || status === 429 || status >= 500;
      const headers = err.headers as Headers | undefined;
      const retryAfterMs = parseRetryAfter(headers?.get('retry-after') ?? null);
      return new LlmError('http', `HTTP ${status}`, {
        status,
        retryable,
        ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
      });
    }
    // A body the SDK could not read as a completion (not JSON, cut short).
    return new LlmError('invalid_output', 'response body is not a completion', { cause: err });
  }
}

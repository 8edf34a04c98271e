import { questionTemplate } from '@parley/prompts';
import { dedupeDrafts, DEFAULT_SIMILARITY } from './dedupe.ts';
import { parseLlmOutput } from './output.ts';
import { buildQuestionPrompt, type PromptLimits } from './prompt.ts';
import {
  silentLogger,
  type SuggestionContext,
  type SuggestionDraft,
  type SuggestionEngine,
  type SuggestionLogger,
} from './types.ts';

export interface LlmEngineOptions {
  /** OpenAI-compatible API base, ending in /v1. */
  baseURL: string;
  apiKey: string;
  model: string;
  /** Longest one HTTP attempt may take (ms). */
  timeoutMs: number;
  /** Retries after the first attempt, for retryable errors only (429, 5xx, network, timeout). */
  maxRetries: number;
  /** First backoff (ms); doubles per retry, with ±20 % jitter. */
  retryBaseMs: number;
  /** A Retry-After (or backoff) longer than this (ms) is not waited for: the call fails. */
  maxRetryDelayMs: number;
  temperature: number;
  maxTokens: number;
  /** `json_object` works with most servers; `json_schema` sends the template's schema; `none` sends neither. */
  responseFormat: 'json_object' | 'json_schema' | 'none';
  /** Similarity at which an answer repeats an earlier suggestion (dropped). */
  similarity: number;
  promptLimits: Partial<PromptLimits>;
  /** Injectable for tests. */
  fetch: typeof fetch;
}

export const defaultLlmEngineOptions: Omit<LlmEngineOptions, 'apiKey' | 'fetch'> = {
  baseURL: 'https://api.openai.com/v1',
  model: 'gpt-4o-mini',
  timeoutMs: 8_000,
  maxRetries: 2,
  retryBaseMs: 250,
  maxRetryDelayMs: 5_000,
  temperature: 0.4,
  maxTokens: 500,
  responseFormat: 'json_object',
  similarity: DEFAULT_SIMILARITY,
  promptLimits: {},
};

export type LlmErrorKind = 'http' | 'network' | 'timeout' | 'invalid_output' | 'aborted';

/** Why a call failed, and whether trying again can help. */
export class LlmEngineError extends Error {
  readonly kind: LlmErrorKind;
  readonly retryable: boolean;
  readonly status: number | undefined;
  /** From a Retry-After header (ms). */
  readonly retryAfterMs: number | undefined;
  /** Attempts made. */
  attempts = 1;
  constructor(
    kind: LlmErrorKind,
    message: string,
    opts: { retryable?: boolean; status?: number; retryAfterMs?: number; cause?: unknown } = {},
  ) {
    super(message, { cause: opts.cause });
    this.name = 'LlmEngineError';
    this.kind = kind;
    this.retryable = opts.retryable ?? false;
    this.status = opts.status;
    this.retryAfterMs = opts.retryAfterMs;
  }
}

/** Parses Retry-After (seconds or an HTTP date) into ms. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  const s = Number(value);
  if (Number.isFinite(s)) return Math.max(0, s * 1000);
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(new LlmEngineError('aborted', 'aborted'));
      return;
    }
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(t);
      reject(new LlmEngineError('aborted', 'aborted'));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

interface ChatResponse {
  choices?: { message?: { content?: unknown } }[];
}

/**
 * Suggestions from an OpenAI-compatible chat-completions endpoint (plain fetch, non-streaming).
 * Throws `LlmEngineError` on failure or invalid output: wrap it with `FallbackSuggestionEngine`.
 * Logs carry ids, counts and status codes only, never prompt or answer text.
 */
export class LlmSuggestionEngine implements SuggestionEngine {
  readonly name = 'llm';
  readonly #o: LlmEngineOptions;
  readonly #log: SuggestionLogger;

  constructor(
    options: Partial<LlmEngineOptions> & { apiKey: string },
    logger: SuggestionLogger = silentLogger,
  ) {
    this.#o = { ...defaultLlmEngineOptions, fetch: globalThis.fetch, ...options };
    this.#log = logger;
  }

  async suggest(ctx: SuggestionContext): Promise<SuggestionDraft[]> {
    const prompt = buildQuestionPrompt(ctx, this.#o.promptLimits);
    const body: Record<string, unknown> = {
      model: this.#o.model,
      messages: [
        { role: 'system', content: prompt.system },
        { role: 'user', content: prompt.user },
      ],
      temperature: this.#o.temperature,
      max_tokens: this.#o.maxTokens,
    };
    if (this.#o.responseFormat === 'json_object') body.response_format = { type: 'json_object' };
    if (this.#o.responseFormat === 'json_schema') {
      const { $schema: _s, $id: _i, ...schema } = questionTemplate(ctx.meetingType).outputSchema;
      body.response_format = {
        type: 'json_schema',
        json_schema: { name: 'suggestions', schema, strict: true },
      };
    }
    const content = await this.#withRetries(JSON.stringify(body), ctx.signal);
    const parsed = parseLlmOutput(content);
    if (!parsed.ok) {
      throw new LlmEngineError('invalid_output', `invalid model output: ${parsed.problem}`);
    }
    const drafts: SuggestionDraft[] = parsed.value.questions.map((q) => ({
      text: q.text,
      priority: q.priority,
      reason: q.reason,
      category: q.category,
      source: 'llm',
      templateVersion: prompt.templateVersion,
    }));
    return dedupeDrafts(drafts, ctx.previous, this.#o.similarity);
  }

  async #withRetries(body: string, signal: AbortSignal | undefined): Promise<string> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.#attempt(body, signal);
      } catch (err) {
        const e =
          err instanceof LlmEngineError
            ? err
            : new LlmEngineError('network', 'request failed', { retryable: true, cause: err });
        e.attempts = attempt + 1;
        if (!e.retryable || attempt >= this.#o.maxRetries || signal?.aborted) throw e;
        const backoff = this.#o.retryBaseMs * 2 ** attempt * (0.8 + Math.random() * 0.4);
        const wait = e.retryAfterMs ?? backoff;
        if (wait > this.#o.maxRetryDelayMs) throw e;
        this.#log.info(
          { attempt: attempt + 1, kind: e.kind, status: e.status, waitMs: Math.round(wait) },
          'suggestion request failed; retrying',
        );
        await sleep(wait, signal);
      }
    }
  }

  async #attempt(body: string, signal: AbortSignal | undefined): Promise<string> {
    const timeout = AbortSignal.timeout(this.#o.timeoutMs);
    const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
    let res: Response;
    try {
      res = await this.#o.fetch(`${this.#o.baseURL.replace(/\/+$/, '')}/chat/completions`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${this.#o.apiKey}`,
        },
        body,
        signal: combined,
      });
    } catch (err) {
      throw this.#abortError(err, signal, timeout);
    }
    if (!res.ok) {
      // Drain the body so the connection can be reused; its text is not logged.
      await res.arrayBuffer().catch(() => undefined);
      const status = res.status;
      const retryable = status === 408 || status === 409 || status === 429 || status >= 500;
      const retryAfterMs = parseRetryAfter(res.headers.get('retry-after'));
      throw new LlmEngineError('http', `HTTP ${status}`, {
        status,
        retryable,
        ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
      });
    }
    let json: ChatResponse;
    try {
      json = (await res.json()) as ChatResponse;
    } catch (err) {
      if (combined.aborted) throw this.#abortError(err, signal, timeout);
      throw new LlmEngineError('invalid_output', 'response body is not JSON', { cause: err });
    }
    const content = json.choices?.[0]?.message?.content;
    if (typeof content !== 'string') {
      throw new LlmEngineError('invalid_output', 'response has no message content');
    }
    return content;
  }

  #abortError(err: unknown, signal: AbortSignal | undefined, timeout: AbortSignal): LlmEngineError {
    if (signal?.aborted) return new LlmEngineError('aborted', 'aborted', { cause: err });
    if (timeout.aborted) {
      return new LlmEngineError('timeout', `no answer within ${this.#o.timeoutMs} ms`, {
        retryable: true,
        cause: err,
      });
    }
    return new LlmEngineError('network', 'request failed', { retryable: true, cause: err });
  }
}

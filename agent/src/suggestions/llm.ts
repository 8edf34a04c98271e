import { silentLogger, type Logger } from '@parley/services/log';
import { questionTemplate } from '@parley/prompts';
import {
  ChatClient,
  LlmError,
  defaultChatClientOptions,
  withDefaults,
  type ChatClientOptions,
} from '@parley/services/llm';
import { dedupeDrafts, DEFAULT_SIMILARITY } from './dedupe.ts';
import { parseLlmOutput } from './output.ts';
import {
  buildQuestionPrompt,
  citeFromReason,
  defaultPromptLimits,
  pastContextLines,
  type PromptLimits,
} from './prompt.ts';
import { type SuggestionContext, type SuggestionDraft, type SuggestionEngine } from './types.ts';

export interface LlmEngineOptions extends ChatClientOptions {
  temperature: number;
  maxTokens: number;
  /** `json_object` works with most servers; `json_schema` sends the template's schema; `none` sends neither. */
  responseFormat: 'json_object' | 'json_schema' | 'none';
  /** Similarity at which an answer repeats an earlier suggestion (dropped). */
  similarity: number;
  promptLimits: Partial<PromptLimits>;
}

export const defaultLlmEngineOptions: Omit<LlmEngineOptions, 'apiKey' | 'fetch'> = {
  ...defaultChatClientOptions,
  temperature: 0.4,
  maxTokens: 500,
  responseFormat: 'json_object',
  similarity: DEFAULT_SIMILARITY,
  promptLimits: {},
};

/**
 * Suggestions from an OpenAI-compatible chat-completions endpoint (through the shared chat
 * client). Throws `LlmError` on failure or invalid output: wrap it with
 * `FallbackSuggestionEngine`. Logs carry ids, counts and status codes only, never text.
 */
export class LlmSuggestionEngine implements SuggestionEngine {
  readonly name = 'llm';
  readonly #o: LlmEngineOptions;
  readonly #chat: ChatClient;

  constructor(
    options: Partial<LlmEngineOptions> & { apiKey: string },
    logger: Logger = silentLogger,
  ) {
    this.#o = withDefaults({ ...defaultLlmEngineOptions, fetch: globalThis.fetch }, options);
    this.#chat = new ChatClient(this.#o, logger);
  }

  async suggest(ctx: SuggestionContext): Promise<SuggestionDraft[]> {
    const prompt = buildQuestionPrompt(ctx, this.#o.promptLimits);
    const content = await this.#chat.complete(
      {
        messages: [
          { role: 'system', content: prompt.system },
          { role: 'user', content: prompt.user },
        ],
        temperature: this.#o.temperature,
        maxTokens: this.#o.maxTokens,
        ...this.#responseFormat(ctx),
      },
      ctx.signal,
    );
    const parsed = parseLlmOutput(content);
    if (!parsed.ok) {
      throw new LlmError('invalid_output', `invalid model output: ${parsed.problem}`);
    }
    const maxPastChars = this.#o.promptLimits.maxPastChars ?? defaultPromptLimits.maxPastChars;
    const { cites } = pastContextLines(ctx.past, maxPastChars);
    const drafts: SuggestionDraft[] = parsed.value.questions.map((q) => ({
      text: q.text,
      priority: q.priority,
      category: q.category,
      source: 'llm',
      templateVersion: prompt.templateVersion,
      ...citeFromReason(q.reason, cites),
    }));
    return dedupeDrafts(drafts, ctx.previous, this.#o.similarity);
  }

  #responseFormat(ctx: SuggestionContext): { responseFormat?: Record<string, unknown> } {
    switch (this.#o.responseFormat) {
      case 'none':
        return {};
      case 'json_object':
        return { responseFormat: { type: 'json_object' } };
      case 'json_schema': {
        const { $schema: _s, $id: _i, ...schema } = questionTemplate(ctx.meetingType).outputSchema;
        return {
          responseFormat: {
            type: 'json_schema',
            json_schema: { name: 'suggestions', schema, strict: true },
          },
        };
      }
    }
  }
}

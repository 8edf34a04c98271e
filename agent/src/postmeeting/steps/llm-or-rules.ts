import { LlmError, type JsonChatClient } from '@parley/services/llm';
import type { LlmStepResult } from '../llm-steps.ts';
import type { TranscriptStepContext } from './types.ts';

export interface LlmOrRulesResult<T> {
  value: T;
  /** The LLM answered (else the offline method did). */
  byLlm: boolean;
  /** The transcript was cut to fit the prompt. */
  truncated: boolean;
}

/**
 * The LLM's answer when an LLM is configured, there is something to read and it answers well;
 * otherwise the offline method, with a warning naming what failed (`LABEL: LLM failed (KIND),
 * FALLBACK used`).
 */
export async function llmOrRules<T>(
  ctx: TranscriptStepContext,
  o: {
    label: string;
    fallback: string;
    llm: (client: JsonChatClient) => Promise<LlmStepResult<T>>;
    rules: () => T;
  },
): Promise<LlmOrRulesResult<T>> {
  const client = ctx.deps.llm;
  if (client && ctx.transcript.lines.length > 0) {
    try {
      const r = await o.llm(client);
      return { value: r.value, byLlm: true, truncated: r.truncated };
    } catch (err) {
      const kind = err instanceof LlmError ? err.kind : 'error';
      await ctx.warn(`${o.label}: LLM failed (${kind}), ${o.fallback} used`);
    }
  }
  return { value: o.rules(), byLlm: false, truncated: false };
}

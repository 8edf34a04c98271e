import { z } from 'zod';
import type { openaiEnvSchema } from '../env/shared.ts';

/** The chat model (OpenAI-compatible); without a key, everything that would ask it runs offline. */
export const llmEnvSchema = z.object({
  LLM_API_KEY: z.string().min(1).optional(),
  LLM_BASE_URL: z.url({ error: 'LLM_BASE_URL must be a URL' }).optional(),
  LLM_MODEL: z.string().min(1).default('gpt-4o-mini'),
});

export interface LlmConnection {
  apiKey: string;
  baseURL: string | undefined;
  model: string;
}

/** The chat model's key, address and name (LLM_*, else OPENAI_*); null without a key. */
export function llmConnectionFrom(
  e: z.output<typeof llmEnvSchema> & z.output<typeof openaiEnvSchema>,
): LlmConnection | null {
  const apiKey = e.LLM_API_KEY ?? e.OPENAI_API_KEY;
  if (!apiKey) return null;
  return { apiKey, baseURL: e.LLM_BASE_URL ?? e.OPENAI_BASE_URL, model: e.LLM_MODEL };
}

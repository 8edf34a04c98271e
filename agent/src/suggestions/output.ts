import { z } from 'zod';
import { MAX_QUESTION_CHARS, SUGGESTION_CATEGORIES, SUGGESTION_PRIORITIES } from '@parley/protocol';

export const MAX_QUESTIONS = 3;
export const MAX_CRITICAL = 2;

/** The LLM's answer (mirrors `prompts/schemas/suggestions.v1.json`, plus the critical cap). */
export const llmOutputSchema = z.object({
  questions: z
    .array(
      z.object({
        text: z.string().trim().min(1).max(MAX_QUESTION_CHARS),
        priority: z.enum(SUGGESTION_PRIORITIES),
        reason: z.string().trim().min(1).max(MAX_QUESTION_CHARS),
        category: z.enum(SUGGESTION_CATEGORIES),
      }),
    )
    .min(1)
    .max(MAX_QUESTIONS)
    .refine(
      (q) => q.filter((x) => x.priority === 'critical').length <= MAX_CRITICAL,
      `at most ${MAX_CRITICAL} critical questions`,
    ),
});
export type LlmOutput = z.output<typeof llmOutputSchema>;

/** Parses a model's message content (tolerating a ```json fence); null when it is not valid. */
export function parseLlmOutput(
  content: string,
): { ok: true; value: LlmOutput } | { ok: false; problem: string } {
  const text = content
    .trim()
    .replace(/^```(?:json)?\s*/i, '')
    .replace(/\s*```$/, '');
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return { ok: false, problem: 'not JSON' };
  }
  const r = llmOutputSchema.safeParse(data);
  if (!r.success) {
    return {
      ok: false,
      problem: r.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.code}`).join('; '),
    };
  }
  return { ok: true, value: r.data };
}

import { replaceExtractions } from '@parley/db';
import { extractionFields } from '@parley/prompts';
import { ruleExtraction } from '../extraction.ts';
import { DEFAULT_PROMPT_CHARS, llmExtraction } from '../llm-steps.ts';
import { llmOrRules } from './llm-or-rules.ts';
import type { StepDone, TranscriptStepContext } from './types.ts';

/** The meeting type's fields (MRR, churn, …): the LLM's, else numbers read from speech. */
export async function extractionStep(ctx: TranscriptStepContext): Promise<StepDone> {
  const { deps, transcript: t } = ctx;
  const r = await llmOrRules(ctx, {
    label: 'extraction',
    fallback: 'rules',
    llm: (client) =>
      llmExtraction(client, t, deps.promptChars ?? DEFAULT_PROMPT_CHARS, deps.signal),
    rules: () => ruleExtraction(t.lines, extractionFields(t.meeting.type).fields, t.meeting.date),
  });
  await replaceExtractions(deps.db, ctx.meetingId, ctx.run, r.value);
  return { source: r.byLlm ? 'llm' : 'rules' };
}

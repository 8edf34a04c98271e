import { upsertSummary } from '@parley/db';
import { DEFAULT_PROMPT_CHARS, llmSummary } from '../llm-steps.ts';
import { extractiveSummary } from '../summary.ts';
import { llmOrRules } from './llm-or-rules.ts';
import type { StepDone, TranscriptStepContext } from './types.ts';

/** Key points, decisions and open questions: the LLM's, else a TextRank summary. */
export async function summaryStep(ctx: TranscriptStepContext): Promise<StepDone> {
  const { deps, transcript: t } = ctx;
  const r = await llmOrRules(ctx, {
    label: 'summary',
    fallback: 'extractive summary',
    llm: (client) => llmSummary(client, t, deps.promptChars ?? DEFAULT_PROMPT_CHARS, deps.signal),
    rules: () => extractiveSummary(t),
  });
  if (r.truncated) await ctx.warn('summary: transcript cut to fit the LLM prompt');
  await upsertSummary(deps.db, { meetingId: ctx.meetingId, run: ctx.run, ...r.value });
  return { source: r.value.source };
}

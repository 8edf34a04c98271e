import { replaceActionItems } from '@parley/db';
import { ruleActionItems } from '../action-items.ts';
import { DEFAULT_PROMPT_CHARS, llmActionItems } from '../llm-steps.ts';
import { llmOrRules } from './llm-or-rules.ts';
import type { StepDone, TranscriptStepContext } from './types.ts';

/** Who does what by when: the LLM's list, else the rules ("I will…", "can you … by Friday"). */
export async function actionItemsStep(ctx: TranscriptStepContext): Promise<StepDone> {
  const { deps, transcript: t } = ctx;
  const r = await llmOrRules(ctx, {
    label: 'action items',
    fallback: 'rules',
    llm: (client) =>
      llmActionItems(client, t, deps.promptChars ?? DEFAULT_PROMPT_CHARS, deps.signal),
    rules: () => ruleActionItems(t.lines, t.participants, t.meeting.date),
  });
  await replaceActionItems(deps.db, ctx.meetingId, ctx.run, r.value);
  return { source: r.byLlm ? 'llm' : 'rules' };
}

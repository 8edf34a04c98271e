import { questionTemplate, renderQuestionPrompt, type RenderedPrompt } from '@parley/prompts';
import type { SuggestionContext } from './types.ts';

export interface PromptLimits {
  /** Characters of recent conversation sent (the latest turns are kept). */
  maxTurnChars: number;
  /** Characters of past-meeting context sent. */
  maxPastChars: number;
  /** Earlier suggestions listed (the latest). */
  maxPrevious: number;
}

export const defaultPromptLimits: PromptLimits = {
  maxTurnChars: 6000,
  maxPastChars: 2000,
  maxPrevious: 30,
};

const STATE_LABEL = {
  not_discussed: 'not discussed',
  discussed: 'discussed',
  asked: 'asked, no answer yet',
  answered: 'answered',
} as const;

function capLatest(lines: string[], max: number): string[] {
  const out: string[] = [];
  let used = 0;
  for (let i = lines.length - 1; i >= 0; i--) {
    const l = lines[i] ?? '';
    if (used + l.length + 1 > max && out.length > 0) break;
    out.push(l.length > max ? l.slice(l.length - max) : l);
    used += l.length + 1;
  }
  return out.reverse();
}

function capFirst(lines: string[], max: number): string[] {
  const out: string[] = [];
  let used = 0;
  for (const l of lines) {
    if (used + l.length + 1 > max) break;
    out.push(l);
    used += l.length + 1;
  }
  return out;
}

/** Renders the meeting type's question prompt with the context (pure). */
export function buildQuestionPrompt(
  ctx: SuggestionContext,
  limits: Partial<PromptLimits> = {},
): RenderedPrompt {
  const l = { ...defaultPromptLimits, ...limits };
  const checklist = ctx.coverage.map(
    (c) =>
      `- [${STATE_LABEL[c.state]}] ${c.item.title} (${c.item.priority}): ${c.item.description}`,
  );
  const turns = capLatest(
    ctx.recentTurns.map((t) => `${t.label}: ${t.text.replace(/\s+/g, ' ').trim()}`),
    l.maxTurnChars,
  );
  const past = capFirst(
    [
      ...(ctx.past?.summaries ?? []).map(
        (s) => `- Summary${s.date ? ` (${s.date})` : ''}: ${s.text}`,
      ),
      ...(ctx.past?.passages ?? []).map((p) => `- Excerpt: ${p.text}`),
    ],
    l.maxPastChars,
  );
  const previous = ctx.previous.slice(-l.maxPrevious).map((p) => `- ${p.text} [${p.status}]`);
  return renderQuestionPrompt(questionTemplate(ctx.meetingType), {
    meeting_type: ctx.meetingType,
    subject: ctx.subject.trim() || '(not given)',
    checklist: checklist.join('\n') || '(none)',
    recent_turns: turns.join('\n') || '(nothing said yet)',
    past_context: past.join('\n') || 'None.',
    already_suggested: previous.join('\n') || 'None.',
    max_questions: String(ctx.maxSuggestions ?? 3),
  });
}

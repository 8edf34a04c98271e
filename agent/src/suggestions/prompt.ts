import { questionTemplate, renderQuestionPrompt, type RenderedPrompt } from '@parley/prompts';
import type { MemoryCite, PastContext, SuggestionContext } from './types.ts';

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
  maxPastChars: 3000,
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

/** How the model is told to cite past context (the tag opens the question's reason). */
export const PAST_TAG_NOTE =
  'Items are tagged [P1], [P2]…; when a question follows up on one, start its reason with that tag.';

/**
 * The past context as tagged lines ([P1] …) within `maxChars`: the subject's summaries, metrics,
 * open action items and never-covered items, then the passages relevant now. `cites[i]` is what
 * tag P(i+1) points at.
 */
export function pastContextLines(
  past: PastContext | undefined,
  maxChars: number,
): { lines: string[]; cites: MemoryCite[] } {
  if (!past) return { lines: [], cites: [] };
  const items: { text: string; cite: MemoryCite }[] = [
    ...past.summaries.map((s) => ({
      text: `Summary of the meeting on ${s.date ?? '?'}: ${s.text}`,
      cite: { meetingId: s.meetingId, startMs: null, date: s.date ?? '' },
    })),
    ...(past.metrics ?? []).map((m) => ({
      text: `Metric ${m.label}: ${m.value} on ${m.cite.date}${m.trend ? ` (${m.trend})` : ''}`,
      cite: m.cite,
    })),
    ...(past.openItems ?? []).map((i) => ({
      text: `Open action item from ${i.cite.date}: ${i.text}${i.owner ? ` (owner: ${i.owner})` : ''}${i.due ? ` (due ${i.due})` : ''}`,
      cite: i.cite,
    })),
    ...(past.uncovered ?? []).map((u) => ({
      text: `Never covered in earlier meetings: ${u.title}`,
      cite: u.cite,
    })),
    ...past.passages.map((p) => ({
      text: `Said on ${p.date ?? '?'}: ${p.text.replace(/\s+/g, ' ').trim()}`,
      cite: { meetingId: p.meetingId, startMs: p.startMs ?? null, date: p.date ?? '' },
    })),
  ];
  const kept = capFirst(
    items.map((it, i) => `- [P${i + 1}] ${it.text}`),
    maxChars,
  );
  return { lines: kept, cites: items.slice(0, kept.length).map((it) => it.cite) };
}

/** Reads a leading past-context tag off a model's reason: the cite it names and the rest. */
export function citeFromReason(
  reason: string,
  cites: readonly MemoryCite[],
): { reason: string; cites?: MemoryCite } {
  const m = /^\s*\[P(\d{1,3})\]\s*[:—-]?\s*/.exec(reason);
  if (!m) return { reason };
  const cite = cites[Number(m[1]) - 1];
  const rest = reason.slice(m[0].length) || 'follows up on an earlier meeting';
  return cite ? { reason: rest, cites: cite } : { reason: rest };
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
  const past = pastContextLines(ctx.past, l.maxPastChars).lines;
  const previous = ctx.previous.slice(-l.maxPrevious).map((p) => `- ${p.text} [${p.status}]`);
  return renderQuestionPrompt(questionTemplate(ctx.meetingType), {
    meeting_type: ctx.meetingType,
    subject: ctx.subject.trim() || '(not given)',
    checklist: checklist.join('\n') || '(none)',
    recent_turns: turns.join('\n') || '(nothing said yet)',
    past_context: past.length > 0 ? `${PAST_TAG_NOTE}\n${past.join('\n')}` : 'None.',
    already_suggested: previous.join('\n') || 'None.',
    max_questions: String(ctx.maxSuggestions ?? 3),
  });
}

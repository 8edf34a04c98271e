import { extractionFields } from '@parley/prompts';
import { itemQuestion } from './template.ts';
import { truncate } from './text.ts';
import type { MemoryCite, PastContext, SuggestionContext, SuggestionDraft } from './types.ts';

// Follow-ups from structured memory, for the offline template engine: a metric seen before, an
// action item still open, a checklist item no earlier meeting covered. Each cites the meeting
// (and moment) it follows up on.

/** Memory follow-ups of each kind offered per run (most). */
const PER_KIND = 3;

const lowerFirst = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);

function mentioned(ctx: SuggestionContext, words: string): boolean {
  const w = words.toLowerCase();
  return ctx.recentTurns.some((t) => t.text.toLowerCase().includes(w));
}

/**
 * Follow-up drafts from `ctx.past`, interleaved by kind (metric, open item, uncovered item, …)
 * so the first run already brings one of each. A metric someone already mentioned in this
 * meeting, or an uncovered item now discussed, is left out.
 */
export function memoryFollowUps(
  ctx: SuggestionContext,
  templateVersion: string,
): SuggestionDraft[] {
  const past: PastContext | undefined = ctx.past;
  if (!past) return [];
  const draft = (
    text: string,
    reason: string,
    cite: MemoryCite,
    rest: Pick<SuggestionDraft, 'priority' | 'category'> & { checklistItemId?: string },
  ): SuggestionDraft => ({
    text: truncate(text, 200),
    reason: truncate(reason, 200),
    source: 'template',
    templateVersion,
    cites: cite,
    ...rest,
  });
  // In the order the meeting type lists its fields (MRR before burn for a screening).
  const order = new Map(extractionFields(ctx.meetingType).fields.map((f, i) => [f.id, i]));
  const rank = (id: string) => order.get(id) ?? order.size;
  const metrics = [...(past.metrics ?? [])]
    .sort((a, b) => rank(a.fieldId) - rank(b.fieldId))
    .filter((m) => !mentioned(ctx, m.label))
    .slice(0, PER_KIND)
    .map((m) =>
      draft(
        `Last time ${m.label} was ${m.value} (${m.cite.date}) — where is it now?`,
        `follow-up on ${m.cite.date}${m.trend ? `: ${m.trend}` : ''}`,
        m.cite,
        { priority: 'important', category: 'metrics' },
      ),
    );
  const items = (past.openItems ?? [])
    .slice(0, PER_KIND)
    .map((i) =>
      draft(
        `On ${i.cite.date} the plan was to ${lowerFirst(i.text.replace(/[.!]+$/, ''))} — did it happen?`,
        `open action item from ${i.cite.date}${i.owner ? ` (${i.owner})` : ''}`,
        i.cite,
        { priority: 'important', category: 'strategy' },
      ),
    );
  const coverage = new Map(ctx.coverage.map((c) => [c.item.id, c]));
  const uncovered = (past.uncovered ?? [])
    .filter((u) => coverage.get(u.itemId)?.state === 'not_discussed')
    .slice(0, PER_KIND)
    .map((u) => {
      const c = coverage.get(u.itemId);
      const q = c ? itemQuestion(c.item) : `Could you tell us about ${u.title.toLowerCase()}?`;
      return draft(
        `Not covered last time: ${q}`,
        `never covered in earlier meetings (last on ${u.cite.date})`,
        u.cite,
        {
          priority: c?.item.priority === 'critical' ? 'critical' : 'important',
          category: c?.item.category ?? 'other',
          checklistItemId: u.itemId,
        },
      );
    });
  const out: SuggestionDraft[] = [];
  for (let i = 0; i < PER_KIND; i++) {
    for (const list of [metrics, items, uncovered]) {
      const d = list[i];
      if (d) out.push(d);
    }
  }
  return out;
}

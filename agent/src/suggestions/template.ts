import type { ChecklistItem } from '@parley/prompts';
import type { SuggestionPriority } from '@parley/protocol';
import { dedupeDrafts, DEFAULT_SIMILARITY } from './dedupe.ts';
import { memoryFollowUps } from './memory.ts';
import { truncate } from './text.ts';
import type { SuggestionContext, SuggestionDraft, SuggestionEngine } from './types.ts';

export interface TemplateEngineOptions {
  /** Most suggestions per call (the context's `maxSuggestions` wins when set). */
  maxSuggestions: number;
  /** Most `critical` ones per call; more are made `important`. */
  maxCritical: number;
  /** Similarity at which a question repeats an earlier one. */
  similarity: number;
  /** Suggest coming back to participants' unanswered questions. */
  openQuestions: boolean;
}

export const defaultTemplateEngineOptions: TemplateEngineOptions = {
  maxSuggestions: 3,
  maxCritical: 2,
  similarity: DEFAULT_SIMILARITY,
  openQuestions: true,
};

const RANK: Record<SuggestionPriority, number> = { critical: 0, important: 1, follow_up: 2 };

/** The question a checklist item suggests (its own, or one built from its title). */
export function itemQuestion(item: ChecklistItem): string {
  return item.question ?? `Could you tell us about ${item.title.toLowerCase()}?`;
}

/**
 * Offline, deterministic suggestions: follow-ups on earlier meetings (a metric seen before, an
 * open action item, an item never covered: each citing its meeting), questions for the
 * highest-priority checklist items nobody has discussed yet, and for participants' questions
 * left unanswered. Runs in well under a millisecond (its input is the incremental coverage state
 * and the memory loaded at the start, not the transcript).
 */
export class TemplateSuggestionEngine implements SuggestionEngine {
  readonly name = 'template';
  readonly #o: TemplateEngineOptions;

  constructor(options: Partial<TemplateEngineOptions> = {}) {
    this.#o = { ...defaultTemplateEngineOptions, ...options };
  }

  suggest(ctx: SuggestionContext): Promise<SuggestionDraft[]> {
    return Promise.resolve(this.suggestSync(ctx));
  }

  /** The same as `suggest`, synchronously (for benchmarks and the fallback path). */
  suggestSync(ctx: SuggestionContext): SuggestionDraft[] {
    const templateVersion = `${ctx.meetingType}/checklist@${ctx.checklist.version}`;
    const ranked: (SuggestionDraft & { rank: number; order: number })[] = [];
    let order = 0;
    // What the subject's earlier meetings left open comes first: it is why they meet again.
    const memory = memoryFollowUps(ctx, templateVersion);
    for (const d of memory) ranked.push({ ...d, rank: -1, order: order++ });
    const followed = new Set(memory.map((d) => d.checklistItemId).filter(Boolean));
    for (const c of ctx.coverage) {
      if (c.state !== 'not_discussed' || followed.has(c.item.id)) continue;
      ranked.push({
        text: truncate(itemQuestion(c.item), 200),
        priority: c.item.priority,
        reason: `not discussed yet: ${c.item.title}`,
        category: c.item.category ?? 'other',
        checklistItemId: c.item.id,
        source: 'template',
        templateVersion,
        rank: RANK[c.item.priority] * 2,
        order: order++,
      });
    }
    if (this.#o.openQuestions) {
      // Latest first: the freshest open question is the one most worth coming back to.
      for (const q of [...ctx.openQuestions].reverse()) {
        ranked.push({
          text: truncate(`Back to the open question: ${q.text.trim()}`, 200),
          priority: 'important',
          reason: 'asked earlier but not answered yet',
          category: 'other',
          source: 'template',
          templateVersion,
          // Between critical and important checklist items.
          rank: 1,
          order: order++,
        });
      }
    }
    ranked.sort((a, b) => a.rank - b.rank || a.order - b.order);
    const drafts = dedupeDrafts(
      ranked.map(({ rank: _r, order: _o, ...d }) => d),
      ctx.previous,
      this.#o.similarity,
    );
    return limitDrafts(drafts, ctx.maxSuggestions ?? this.#o.maxSuggestions, this.#o.maxCritical);
  }
}

/** Keeps the first `max` drafts and makes any `critical` beyond `maxCritical` `important`. */
export function limitDrafts(
  drafts: readonly SuggestionDraft[],
  max: number,
  maxCritical: number,
): SuggestionDraft[] {
  let critical = 0;
  return drafts.slice(0, max).map((d) => {
    if (d.priority !== 'critical') return d;
    return ++critical > maxCritical ? { ...d, priority: 'important' } : d;
  });
}

import { randomUUID } from 'node:crypto';
import { DEFAULT_SIMILARITY, dedupeDrafts, matchAskedSuggestion } from './dedupe.ts';
import type { SuggestionStatus } from '@parley/protocol';
import type { Suggestion, SuggestionDraft } from './types.ts';

export interface SuggestionBookOptions {
  /** Similarity at which a new draft repeats an earlier suggestion. */
  similarity: number;
  /** Similarity at which a spoken question counts as a suggestion being asked. */
  askedSimilarity: number;
  /** Active suggestions shown at once (the latest; pinned ones always show). */
  maxShown: number;
  newId: () => string;
  /** Epoch ms. */
  now: () => number;
}

const PRIORITY_RANK: Record<Suggestion['priority'], number> = {
  critical: 0,
  important: 1,
  follow_up: 2,
};

export const defaultSuggestionBookOptions: SuggestionBookOptions = {
  similarity: DEFAULT_SIMILARITY,
  askedSimilarity: DEFAULT_SIMILARITY,
  maxShown: 5,
  newId: () => randomUUID(),
  now: () => Date.now(),
};

/**
 * A room's suggestions: takes engine drafts (dropping repeats), applies participants' feedback
 * and questions asked aloud, and says what to show. Nothing leaves the book but by the caller.
 */
export class SuggestionBook {
  readonly #o: SuggestionBookOptions;
  readonly #all: Suggestion[] = [];
  readonly #byId = new Map<string, Suggestion>();

  constructor(options: Partial<SuggestionBookOptions> = {}) {
    this.#o = { ...defaultSuggestionBookOptions, ...options };
  }

  /** Adds the drafts that repeat nothing earlier; returns those added. */
  offer(drafts: readonly SuggestionDraft[]): Suggestion[] {
    const fresh = dedupeDrafts(drafts, this.#all, this.#o.similarity);
    const createdAt = this.#o.now();
    const added = fresh.map((d) => ({
      ...d,
      id: this.#o.newId(),
      status: 'active' as const,
      createdAt,
    }));
    for (const s of added) {
      this.#all.push(s);
      this.#byId.set(s.id, s);
    }
    return added;
  }

  /** Sets a suggestion's status from feedback; null for an unknown id or no change. */
  setStatus(id: string, status: SuggestionStatus): Suggestion | null {
    const s = this.#byId.get(id);
    if (!s || s.status === status) return null;
    s.status = status;
    return s;
  }

  /** Marks the shown suggestion a spoken question matches as asked; returns it, or null. */
  markAskedFromSpeech(segmentText: string): Suggestion | null {
    const id = matchAskedSuggestion(segmentText, this.shown(), this.#o.askedSimilarity);
    return id === null ? null : this.setStatus(id, 'asked');
  }

  get(id: string): Suggestion | undefined {
    return this.#byId.get(id);
  }

  /** Every suggestion of the meeting, oldest first (the engines' `previous`). */
  all(): readonly Suggestion[] {
    return this.#all;
  }

  /**
   * What the room shows: pinned ones and the `maxShown` most important active ones (critical
   * before important before follow-up, newer first among equals), in the order they came.
   * A newer follow-up never pushes out an unanswered critical question.
   */
  shown(): Suggestion[] {
    const active = this.#all.filter((s) => s.status === 'active');
    const order = new Map(active.map((s, i) => [s, i]));
    const top = [...active]
      .sort(
        (a, b) =>
          PRIORITY_RANK[a.priority] - PRIORITY_RANK[b.priority] ||
          (order.get(b) ?? 0) - (order.get(a) ?? 0),
      )
      .slice(0, this.#o.maxShown);
    const keep = new Set(top);
    return this.#all.filter((s) => s.status === 'pinned' || keep.has(s));
  }
}

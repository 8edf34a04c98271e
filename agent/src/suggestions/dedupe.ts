import { contentTokens, jaccard } from './text.ts';
import type { Suggestion, SuggestionDraft } from './types.ts';

/** Default similarity (content-word Jaccard) at which two questions count as the same. */
export const DEFAULT_SIMILARITY = 0.6;

/**
 * Drops drafts that repeat an earlier suggestion (any status: active, asked, dismissed or
 * pinned), cover a checklist item an earlier suggestion already covers, or repeat a draft
 * before them in the list.
 */
export function dedupeDrafts<T extends Pick<SuggestionDraft, 'text' | 'checklistItemId'>>(
  drafts: readonly T[],
  previous: readonly Pick<Suggestion, 'text' | 'checklistItemId'>[],
  threshold = DEFAULT_SIMILARITY,
): T[] {
  const seen = previous.map((p) => contentTokens(p.text));
  const items = new Set(previous.flatMap((p) => (p.checklistItemId ? [p.checklistItemId] : [])));
  const out: T[] = [];
  for (const d of drafts) {
    if (d.checklistItemId !== undefined && items.has(d.checklistItemId)) continue;
    const t = contentTokens(d.text);
    if (seen.some((s) => jaccard(s, t) >= threshold)) continue;
    out.push(d);
    seen.push(t);
    if (d.checklistItemId !== undefined) items.add(d.checklistItemId);
  }
  return out;
}

/** How well a spoken segment matches a suggestion: Jaccard, or the share of the suggestion said. */
export function askedScore(segmentText: string, suggestionText: string): number {
  const seg = contentTokens(segmentText);
  const sug = contentTokens(suggestionText);
  if (sug.size === 0) return 0;
  let both = 0;
  for (const t of sug) if (seg.has(t)) both++;
  return Math.max(jaccard(seg, sug), both / sug.size);
}

/**
 * The id of the shown (active or pinned) suggestion that a question asked aloud matches best,
 * or null when none reaches `threshold`.
 */
export function matchAskedSuggestion(
  segmentText: string,
  suggestions: readonly Pick<Suggestion, 'id' | 'text' | 'status'>[],
  threshold = DEFAULT_SIMILARITY,
): string | null {
  let best: string | null = null;
  let bestScore = threshold;
  for (const s of suggestions) {
    if (s.status !== 'active' && s.status !== 'pinned') continue;
    const score = askedScore(segmentText, s.text);
    if (score >= bestScore) {
      best = s.id;
      bestScore = score;
    }
  }
  return best;
}

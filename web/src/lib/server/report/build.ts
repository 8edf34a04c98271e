import type { CoverageChangeRow, Quote, SuggestionOutcomeRow } from '@parley/db';
import type { MeetingChecklistItem } from '@parley/protocol';
import {
  SUGGESTION_OUTCOMES,
  type ApiCoverageReport,
  type ApiQuote,
  type ApiSuggestionOutcome,
  type ApiSuggestionReport,
  type CoverageState,
  type SuggestionOutcome,
} from '../../report/types.ts';

// Pure builders of a meeting's report from stored rows (tested in build.test.ts).

function quote(q: Quote): ApiQuote {
  return { segmentId: q.segmentId, text: q.text, speaker: q.speakerName, startMs: q.startMs };
}

/**
 * Each checklist item (the meeting's copy, in its order) with its final state and every change
 * with the words that caused it. Changes of items no longer on the checklist are left out.
 */
export function coverageReport(
  items: readonly Pick<MeetingChecklistItem, 'id' | 'title' | 'priority'>[],
  states: ReadonlyMap<string, CoverageState>,
  changes: readonly CoverageChangeRow[],
): ApiCoverageReport {
  const out = items.map((i) => {
    const state = states.get(i.id) ?? 'not_discussed';
    return {
      id: i.id,
      title: i.title,
      priority: i.priority,
      state,
      covered: state !== 'not_discussed',
      evidence: changes
        .filter((c) => c.itemId === i.id)
        .map((c) => ({ ...quote(c.quote), from: c.from, to: c.to })),
    };
  });
  return { covered: out.filter((i) => i.covered).length, total: out.length, items: out };
}

/** The outcome of a stored card: its status and who set it (`speech`, `coverage`, a person). */
export function outcomeOf(
  row: Pick<SuggestionOutcomeRow, 'status' | 'status_by'>,
): SuggestionOutcome {
  switch (row.status) {
    case 'asked':
      if (row.status_by === 'speech') return 'asked_aloud';
      if (row.status_by === 'coverage') return 'covered';
      return 'marked_asked';
    case 'dismissed':
      return 'dismissed';
    case 'pinned':
      return 'pinned';
    default:
      return 'never_acted';
  }
}

const ASKED: ReadonlySet<SuggestionOutcome> = new Set(['asked_aloud', 'covered', 'marked_asked']);

/** The cards in the order shown, counts per outcome, and the critical ones never asked. */
export function suggestionReport(rows: readonly SuggestionOutcomeRow[]): ApiSuggestionReport {
  const suggestions: ApiSuggestionOutcome[] = rows.map((r) => {
    const outcome = outcomeOf(r);
    return {
      id: r.id,
      text: r.text,
      priority: r.priority,
      reason: r.reason,
      category: r.category,
      checklistItemId: r.checklist_item_id,
      source: r.source,
      shownAt: r.created_at.toISOString(),
      outcome,
      at: outcome === 'never_acted' ? null : (r.status_at?.toISOString() ?? null),
      quote: r.quote && ASKED.has(outcome) ? quote(r.quote) : null,
      cites: r.cites_meeting_id
        ? { meetingId: r.cites_meeting_id, startMs: r.cites_start_ms }
        : null,
    };
  });
  const counts = Object.fromEntries(SUGGESTION_OUTCOMES.map((o) => [o, 0])) as Record<
    SuggestionOutcome,
    number
  >;
  for (const s of suggestions) counts[s.outcome]++;
  return {
    suggestions,
    counts,
    missed: suggestions.filter((s) => s.priority === 'critical' && !ASKED.has(s.outcome)),
  };
}

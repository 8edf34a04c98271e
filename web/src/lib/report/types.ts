// Shapes of a meeting's report (coverage with evidence, what became of the suggestions), shared
// by the server (report service, API) and the report page.

export type CoverageState = 'not_discussed' | 'discussed' | 'asked' | 'answered';
export type Priority = 'critical' | 'important' | 'follow_up';

/** A quoted moment of the meeting; `text` is null when that segment is not (or no longer) kept. */
export interface ApiQuote {
  segmentId: string;
  text: string | null;
  speaker: string | null;
  /** Ms from the meeting's start (opens the meeting at `?t=`). */
  startMs: number | null;
}

/** One checklist state change and the words that caused it. */
export interface ApiCoverageEvidence extends ApiQuote {
  from: CoverageState;
  to: CoverageState;
}

export interface ApiCoverageItem {
  id: string;
  title: string;
  priority: Priority;
  state: CoverageState;
  covered: boolean;
  /** Every state change, oldest first. */
  evidence: ApiCoverageEvidence[];
}

/** `GET /api/meetings/:id/coverage`: covered / not covered, with quotes. */
export interface ApiCoverageReport {
  covered: number;
  total: number;
  items: ApiCoverageItem[];
}

/**
 * What became of a card: asked aloud (someone said it), covered (its checklist item came up),
 * marked asked (by a click), dismissed, pinned, or never acted on.
 */
export const SUGGESTION_OUTCOMES = [
  'asked_aloud',
  'covered',
  'marked_asked',
  'dismissed',
  'pinned',
  'never_acted',
] as const;
export type SuggestionOutcome = (typeof SUGGESTION_OUTCOMES)[number];

export interface ApiSuggestionOutcome {
  id: string;
  text: string;
  priority: Priority;
  reason: string;
  category: string;
  checklistItemId: string | null;
  /** Which engine made it (`template`, `llm`). */
  source: string;
  shownAt: string;
  outcome: SuggestionOutcome;
  /** When the outcome was set (null: never acted on). */
  at: string | null;
  /** The words that asked it (asked aloud or covered). */
  quote: ApiQuote | null;
  /** A follow-up on an earlier meeting: that meeting and the moment in it. */
  cites: { meetingId: string; startMs: number | null } | null;
}

/** `GET /api/meetings/:id/suggestions`: the cards shown, and the critical ones never asked. */
export interface ApiSuggestionReport {
  suggestions: ApiSuggestionOutcome[];
  counts: Record<SuggestionOutcome, number>;
  /** Critical cards nobody asked (dismissed, pinned or left alone). */
  missed: ApiSuggestionOutcome[];
}

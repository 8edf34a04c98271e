import type { CoverageState, SuggestionOutcome } from './types.ts';

export const STATE_LABELS: Record<CoverageState, string> = {
  not_discussed: 'Not covered',
  discussed: 'Discussed',
  asked: 'Asked',
  answered: 'Answered',
};

export const OUTCOME_LABELS: Record<SuggestionOutcome, string> = {
  asked_aloud: 'Asked aloud',
  covered: 'Covered in discussion',
  marked_asked: 'Marked asked',
  dismissed: 'Dismissed',
  pinned: 'Pinned',
  never_acted: 'Never acted on',
};

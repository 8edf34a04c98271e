import {
  listCoverage,
  listCoverageChanges,
  listSuggestionOutcomes,
  type Db,
  type Meeting,
} from '@parley/db';
import { loadChecklist } from '@parley/prompts';
import type { ApiCoverageReport, ApiSuggestionReport } from '../../report/types.ts';
import { coverageReport, suggestionReport } from './build.ts';

/** The checklist the meeting ran with: its own copy, or its type's template when it has none. */
function checklistOf(meeting: Pick<Meeting, 'type' | 'checklist'>) {
  return meeting.checklist.length > 0 ? meeting.checklist : loadChecklist(meeting.type).items;
}

/** Covered / not covered, each item with the quotes that moved it. */
export async function coverageReportFor(
  db: Db,
  meeting: Pick<Meeting, 'id' | 'type' | 'checklist'>,
): Promise<ApiCoverageReport> {
  const [rows, changes] = await Promise.all([
    listCoverage(db, meeting.id),
    listCoverageChanges(db, meeting.id),
  ]);
  return coverageReport(
    checklistOf(meeting),
    new Map(rows.map((r) => [r.item_id, r.state])),
    changes,
  );
}

/** The cards shown and what became of each, with the critical ones never asked. */
export async function suggestionReportFor(db: Db, meetingId: string): Promise<ApiSuggestionReport> {
  return suggestionReport(await listSuggestionOutcomes(db, meetingId));
}

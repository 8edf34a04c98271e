import type { Insertable } from 'kysely';
import type { Db } from '../client.ts';
import type {
  ChecklistCoverageChangesTable,
  CoverageStateName,
  SuggestionsTable,
} from '../schema.ts';

// What a meeting's report reads: each checklist state change with the segment that caused it,
// and each suggestion with what became of it (the segment that asked it aloud, when speech did).

/** Records checklist state changes (each names the segment that caused it). */
export async function insertCoverageChanges(
  db: Db,
  rows: Insertable<ChecklistCoverageChangesTable>[],
): Promise<void> {
  if (rows.length === 0) return;
  await db.insertInto('checklist_coverage_changes').values(rows).execute();
}

/** A quoted moment: the words of a stored segment, who said them and when. */
export interface Quote {
  segmentId: string;
  /** Null when the segment is not (or no longer) stored: paused, not flushed yet, or erased. */
  text: string | null;
  speakerName: string | null;
  /** Ms from the meeting's start. */
  startMs: number | null;
}

export interface CoverageChangeRow {
  itemId: string;
  from: CoverageStateName;
  to: CoverageStateName;
  at: Date;
  quote: Quote;
}

/** Every checklist state change of a meeting, oldest first, with its quote. */
export async function listCoverageChanges(db: Db, meetingId: string): Promise<CoverageChangeRow[]> {
  const rows = await db
    .selectFrom('checklist_coverage_changes as c')
    .leftJoin('transcript_segments as s', (j) =>
      j.onRef('s.meeting_id', '=', 'c.meeting_id').onRef('s.segment_id', '=', 'c.segment_id'),
    )
    .select([
      'c.item_id',
      'c.from_state',
      'c.to_state',
      'c.segment_id',
      'c.created_at',
      's.text',
      's.speaker_name',
      's.start_ms',
    ])
    .where('c.meeting_id', '=', meetingId)
    .orderBy('c.id')
    .execute();
  return rows.map((r) => ({
    itemId: r.item_id,
    from: r.from_state,
    to: r.to_state,
    at: r.created_at,
    quote: {
      segmentId: r.segment_id,
      text: r.text,
      speakerName: r.speaker_name,
      startMs: r.start_ms,
    },
  }));
}

export type SuggestionOutcomeRow = Pick<
  SuggestionsTable,
  | 'id'
  | 'text'
  | 'priority'
  | 'reason'
  | 'category'
  | 'checklist_item_id'
  | 'source'
  | 'status_by'
  | 'cites_meeting_id'
  | 'cites_start_ms'
> & {
  status: 'new' | 'asked' | 'dismissed' | 'pinned';
  created_at: Date;
  status_at: Date | null;
  /** The segment that asked it aloud (or covered its item), when speech did. */
  quote: Quote | null;
};

/** The meeting's suggestions in the order they were shown, with the speech that settled them. */
export async function listSuggestionOutcomes(
  db: Db,
  meetingId: string,
): Promise<SuggestionOutcomeRow[]> {
  const rows = await db
    .selectFrom('suggestions as g')
    .leftJoin('transcript_segments as s', (j) =>
      j
        .onRef('s.meeting_id', '=', 'g.meeting_id')
        .onRef('s.segment_id', '=', 'g.status_segment_id'),
    )
    .select([
      'g.id',
      'g.text',
      'g.priority',
      'g.reason',
      'g.category',
      'g.checklist_item_id',
      'g.source',
      'g.status',
      'g.status_by',
      'g.status_at',
      'g.status_segment_id',
      'g.cites_meeting_id',
      'g.cites_start_ms',
      'g.created_at',
      's.text as quote_text',
      's.speaker_name',
      's.start_ms',
    ])
    .where('g.meeting_id', '=', meetingId)
    .orderBy('g.created_at')
    .orderBy('g.id')
    .execute();
  return rows.map(({ status_segment_id, quote_text, speaker_name, start_ms, ...r }) => ({
    ...r,
    quote: status_segment_id
      ? {
          segmentId: status_segment_id,
          text: quote_text,
          speakerName: speaker_name,
          startMs: start_ms,
        }
      : null,
  }));
}

import { sql } from 'kysely';
import type { Db } from '../client.ts';
import type { Insertable, Selectable } from 'kysely';
import type {
  ChecklistCoverageTable,
  StoredSuggestionStatus,
  SuggestionsTable,
} from '../schema.ts';

export type StoredSuggestion = Selectable<SuggestionsTable>;

/** Stores new suggestions (a repeated id is ignored). */
export async function insertSuggestions(
  db: Db,
  rows: Insertable<SuggestionsTable>[],
): Promise<void> {
  if (rows.length === 0) return;
  await db
    .insertInto('suggestions')
    .values(rows)
    .onConflict((oc) => oc.columns(['meeting_id', 'id']).doNothing())
    .execute();
}

/** Records a status change and who made it. */
export async function setSuggestionStatus(
  db: Db,
  input: {
    meetingId: string;
    id: string;
    status: StoredSuggestionStatus;
    by: string;
    /** The segment that asked it aloud (speech only). */
    segmentId?: string | null;
  },
): Promise<boolean> {
  const r = await db
    .updateTable('suggestions')
    .set({
      status: input.status,
      status_by: input.by,
      status_at: new Date(),
      status_segment_id: input.segmentId ?? null,
    })
    .where('meeting_id', '=', input.meetingId)
    .where('id', '=', input.id)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

export async function listSuggestions(db: Db, meetingId: string): Promise<StoredSuggestion[]> {
  return db
    .selectFrom('suggestions')
    .selectAll()
    .where('meeting_id', '=', meetingId)
    .orderBy('created_at')
    .execute();
}

/** Saves the coverage of checklist items (one row per item, latest state wins). */
export async function upsertCoverage(
  db: Db,
  rows: Insertable<ChecklistCoverageTable>[],
): Promise<void> {
  if (rows.length === 0) return;
  await db
    .insertInto('checklist_coverage')
    .values(rows)
    .onConflict((oc) =>
      oc.columns(['meeting_id', 'item_id']).doUpdateSet({
        state: (eb) => eb.ref('excluded.state'),
        segment_ids: (eb) => eb.ref('excluded.segment_ids'),
        updated_at: sql`now()`,
      }),
    )
    .execute();
}

export async function listCoverage(
  db: Db,
  meetingId: string,
): Promise<Selectable<ChecklistCoverageTable>[]> {
  return db
    .selectFrom('checklist_coverage')
    .selectAll()
    .where('meeting_id', '=', meetingId)
    .execute();
}

import { sql, type Kysely } from 'kysely';

// Coverage with evidence: every checklist state change keeps the segment that caused it (the
// quote, speaker and time are read from that segment, so transcript retention removes them too);
// a suggestion's last status change keeps the segment that asked it aloud; a suggestion built on
// memory cites the past meeting it follows up on.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('checklist_coverage_changes')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('meeting_id', 'uuid', (c) =>
      c.notNull().references('meetings.id').onDelete('cascade'),
    )
    .addColumn('item_id', 'text', (c) => c.notNull())
    .addColumn('from_state', 'text', (c) =>
      c.notNull().check(sql`from_state in ('not_discussed','discussed','asked','answered')`),
    )
    .addColumn('to_state', 'text', (c) =>
      c.notNull().check(sql`to_state in ('not_discussed','discussed','asked','answered')`),
    )
    .addColumn('segment_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createIndex('checklist_coverage_changes_meeting_idx')
    .on('checklist_coverage_changes')
    .columns(['meeting_id', 'item_id', 'id'])
    .execute();
  await db.schema.alterTable('suggestions').addColumn('status_segment_id', 'text').execute();
  // A suggestion built on memory cites the past meeting (and moment) it follows up on.
  await db.schema
    .alterTable('suggestions')
    .addColumn('cites_meeting_id', 'uuid', (c) => c.references('meetings.id').onDelete('set null'))
    .addColumn('cites_start_ms', 'integer')
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('suggestions')
    .dropColumn('cites_start_ms')
    .dropColumn('cites_meeting_id')
    .dropColumn('status_segment_id')
    .execute();
  await db.schema.dropTable('checklist_coverage_changes').ifExists().execute();
}

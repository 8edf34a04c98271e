import { sql, type Kysely } from 'kysely';

// Live question suggestions and checklist coverage per meeting.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('suggestions')
    .addColumn('meeting_id', 'uuid', (c) =>
      c.notNull().references('meetings.id').onDelete('cascade'),
    )
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('priority', 'text', (c) =>
      c.notNull().check(sql`priority in ('critical','important','follow_up')`),
    )
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('category', 'text', (c) =>
      c.notNull().check(sql`category in ('metrics','team','strategy','risk','other')`),
    )
    .addColumn('checklist_item_id', 'text')
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('template_version', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) =>
      c
        .notNull()
        .defaultTo('new')
        .check(sql`status in ('new','asked','dismissed','pinned')`),
    )
    /** Who changed the status last (participant identity), or 'speech' when asked aloud. */
    .addColumn('status_by', 'text')
    .addColumn('status_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('suggestions_pkey', ['meeting_id', 'id'])
    .execute();

  await db.schema
    .createTable('checklist_coverage')
    .addColumn('meeting_id', 'uuid', (c) =>
      c.notNull().references('meetings.id').onDelete('cascade'),
    )
    .addColumn('item_id', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) =>
      c.notNull().check(sql`state in ('not_discussed','discussed','asked','answered')`),
    )
    .addColumn('segment_ids', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'::text[]`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('checklist_coverage_pkey', ['meeting_id', 'item_id'])
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('checklist_coverage').ifExists().execute();
  await db.schema.dropTable('suggestions').ifExists().execute();
}

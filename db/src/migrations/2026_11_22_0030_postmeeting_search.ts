import { sql, type Kysely } from 'kysely';

// Full-text search over transcript segments and the post-meeting pipeline's results.
//
// Text-search configuration: `english`. Documents and queries go through the same config, so a
// word in another language is still found by itself (the Snowball stemmer only rewrites English
// endings; stop words are English ones); English meetings (the server default language) gain
// stemming ("churned" finds "churn") and drop filler words that would otherwise dominate ranks.
// The column is generated, so every writer (agent spool, imports, tests) is indexed with no code.
//
// Vectors (pgvector) are not created here: Debian's PostgreSQL lacks the extension, so the
// pgvector store creates its own table when it is configured and the extension exists.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table transcript_segments
    add column search_tsv tsvector generated always as (to_tsvector('english', text)) stored`.execute(
    db,
  );
  await sql`create index transcript_segments_search_idx on transcript_segments using gin (search_tsv)`.execute(
    db,
  );

  await db.schema
    .createTable('postmeeting_runs')
    .addColumn('meeting_id', 'uuid', (c) =>
      c.notNull().references('meetings.id').onDelete('cascade'),
    )
    .addColumn('run', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) =>
      c
        .notNull()
        .defaultTo('queued')
        .check(sql`status in ('queued','running','done','failed')`),
    )
    /** The step running now (or the one that failed). */
    .addColumn('step', 'text')
    /** Per step: { status, ms, source, attempts } keyed by step name. */
    .addColumn('steps', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('warnings', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('error', 'text')
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    /** Times the chain reached `done` (must stay ≤ 1: tests check it). */
    .addColumn('completions', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('trigger', 'text', (c) => c.notNull())
    .addColumn('requested_by', 'uuid', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('queued_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('started_at', 'timestamptz')
    .addColumn('finished_at', 'timestamptz')
    .addPrimaryKeyConstraint('postmeeting_runs_pkey', ['meeting_id', 'run'])
    .execute();

  await db.schema
    .createTable('meeting_summaries')
    .addColumn('meeting_id', 'uuid', (c) =>
      c.primaryKey().references('meetings.id').onDelete('cascade'),
    )
    .addColumn('run', 'integer', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull().check(sql`source in ('llm','extractive')`))
    .addColumn('overview', 'text', (c) => c.notNull())
    /** [{ text, segmentId, startMs }] */
    .addColumn('key_points', 'jsonb', (c) => c.notNull())
    .addColumn('decisions', 'jsonb', (c) => c.notNull())
    .addColumn('open_questions', 'jsonb', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('action_items')
    .addColumn('meeting_id', 'uuid', (c) =>
      c.notNull().references('meetings.id').onDelete('cascade'),
    )
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('run', 'integer', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('owner_identity', 'text')
    .addColumn('owner_name', 'text')
    .addColumn('due_date', 'date')
    /** The words that named the due date ("by Friday"). */
    .addColumn('due_text', 'text')
    .addColumn('segment_id', 'text')
    .addColumn('start_ms', 'integer')
    .addColumn('source', 'text', (c) => c.notNull().check(sql`source in ('llm','rules')`))
    .addPrimaryKeyConstraint('action_items_pkey', ['meeting_id', 'position'])
    .execute();

  await db.schema
    .createTable('meeting_extractions')
    .addColumn('meeting_id', 'uuid', (c) =>
      c.notNull().references('meetings.id').onDelete('cascade'),
    )
    .addColumn('field_id', 'text', (c) => c.notNull())
    .addColumn('run', 'integer', (c) => c.notNull())
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('unit', 'text')
    .addColumn('segment_id', 'text')
    .addColumn('start_ms', 'integer')
    .addColumn('source', 'text', (c) => c.notNull().check(sql`source in ('llm','rules')`))
    .addPrimaryKeyConstraint('meeting_extractions_pkey', ['meeting_id', 'field_id'])
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('meeting_extractions').ifExists().execute();
  await db.schema.dropTable('action_items').ifExists().execute();
  await db.schema.dropTable('meeting_summaries').ifExists().execute();
  await db.schema.dropTable('postmeeting_runs').ifExists().execute();
  await sql`drop index if exists transcript_segments_search_idx`.execute(db);
  await sql`alter table transcript_segments drop column if exists search_tsv`.execute(db);
}

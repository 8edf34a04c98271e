import { sql, type Kysely } from 'kysely';

// Recordings of meetings (LiveKit egress or the agent's own recorder), the host's recording
// switch per meeting, and per-team retention of recordings and transcripts.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('recordings')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('meeting_id', 'uuid', (c) =>
      c.notNull().references('meetings.id').onDelete('cascade'),
    )
    .addColumn('mode', 'text', (c) => c.notNull().check(sql`mode in ('egress','agent')`))
    .addColumn('status', 'text', (c) =>
      c.notNull().check(sql`status in ('recording','completed','failed')`),
    )
    .addColumn('egress_id', 'text', (c) => c.unique())
    .addColumn('object_key', 'text', (c) => c.notNull())
    .addColumn('content_type', 'text', (c) => c.notNull().defaultTo('audio/ogg'))
    .addColumn('upload_id', 'text')
    // Parts already stored by a multipart upload: [{part, etag, size}].
    .addColumn('parts', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('duration_ms', 'integer')
    .addColumn('size_bytes', 'bigint')
    .addColumn('error', 'text')
    .addColumn('started_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('ended_at', 'timestamptz')
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createIndex('recordings_meeting_idx')
    .on('recordings')
    .columns(['meeting_id', 'started_at'])
    .execute();
  await db.schema
    .createIndex('recordings_status_idx')
    .on('recordings')
    .columns(['status', 'updated_at'])
    .execute();

  await db.schema
    .alterTable('meetings')
    .addColumn('recording_allowed', 'boolean', (c) => c.notNull().defaultTo(false))
    .execute();
  await db.schema
    .alterTable('teams')
    .addColumn('recording_retention_days', 'integer', (c) =>
      c.defaultTo(30).check(sql`recording_retention_days between 1 and 3650`),
    )
    .addColumn('transcript_retention_days', 'integer', (c) =>
      c.check(sql`transcript_retention_days between 1 and 3650`),
    )
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('teams')
    .dropColumn('recording_retention_days')
    .dropColumn('transcript_retention_days')
    .execute();
  await db.schema.alterTable('meetings').dropColumn('recording_allowed').execute();
  await db.schema.dropTable('recordings').ifExists().execute();
}

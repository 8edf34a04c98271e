import { sql, type Kysely } from 'kysely';

// Seconds of audio each meeting sent to each speech-to-text provider (a paid API is a budget
// line): the agent adds to its meeting's row while it runs and when the job ends.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('stt_usage')
    .addColumn('meeting_id', 'uuid', (c) =>
      c.notNull().references('meetings.id').onDelete('cascade'),
    )
    .addColumn('provider', 'text', (c) => c.notNull())
    .addColumn('audio_ms', 'bigint', (c) =>
      c
        .notNull()
        .defaultTo(0)
        .check(sql`audio_ms >= 0`),
    )
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('stt_usage_pkey', ['meeting_id', 'provider'])
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('stt_usage').execute();
}

import { sql, type Kysely } from 'kysely';

// Meeting briefs by email: a user setting (on by default) and one record per meeting, person and
// scheduled time (a meeting moved to another time gets a brief for the new one). A worker claims
// the record before it sends, so several workers never send the same brief twice.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('users')
    .addColumn('meeting_briefs', 'boolean', (c) => c.notNull().defaultTo(true))
    .execute();
  await db.schema
    .createTable('meeting_brief_emails')
    .addColumn('meeting_id', 'uuid', (c) =>
      c.notNull().references('meetings.id').onDelete('cascade'),
    )
    .addColumn('user_id', 'uuid', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('scheduled_for', 'timestamptz', (c) => c.notNull())
    .addColumn('status', 'text', (c) =>
      c.notNull().check(sql`status in ('sending','pending','sent','bounced','failed','empty')`),
    )
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('error', 'text')
    .addColumn('message_id', 'text')
    .addColumn('claimed_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('sent_at', 'timestamptz')
    .addPrimaryKeyConstraint('meeting_brief_emails_pkey', [
      'meeting_id',
      'user_id',
      'scheduled_for',
    ])
    .execute();
  await sql`create index meeting_brief_emails_scheduled_for on meeting_brief_emails (scheduled_for)`.execute(
    db,
  );
  await sql`create index meeting_brief_emails_user on meeting_brief_emails (user_id)`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('meeting_brief_emails').ifExists().execute();
  await db.schema.alterTable('users').dropColumn('meeting_briefs').execute();
}

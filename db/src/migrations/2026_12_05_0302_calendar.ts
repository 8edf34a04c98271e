import { sql, type Kysely } from 'kysely';

// Calendars: a user's ICS subscriptions (polled) and which meeting each calendar event (or
// occurrence of a recurring one) became, so updates and cancellations reach the same meeting.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('calendar_subscriptions')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('user_id', 'uuid', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('team_id', 'uuid', (c) => c.references('teams.id').onDelete('cascade'))
    .addColumn('url', 'text', (c) => c.notNull().check(sql`char_length(url) between 8 and 2048`))
    .addColumn('last_polled_at', 'timestamptz')
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createIndex('calendar_subscriptions_user_idx')
    .on('calendar_subscriptions')
    .column('user_id')
    .execute();

  await db.schema
    .createTable('calendar_events')
    .addColumn('user_id', 'uuid', (c) => c.notNull().references('users.id').onDelete('cascade'))
    /** `file` for imports, else the subscription's id. */
    .addColumn('source', 'text', (c) => c.notNull())
    /** The event's UID plus the occurrence's start for recurring events. */
    .addColumn('event_key', 'text', (c) => c.notNull())
    .addColumn('meeting_id', 'uuid', (c) =>
      c.notNull().references('meetings.id').onDelete('cascade'),
    )
    .addColumn('sequence', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('calendar_events_pk', ['user_id', 'source', 'event_key'])
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('calendar_events').ifExists().execute();
  await db.schema.dropTable('calendar_subscriptions').ifExists().execute();
}

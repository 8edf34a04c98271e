import { sql, type Kysely } from 'kysely';

// Calendar attendees and links: the people an imported event invited (ATTENDEE/ORGANIZER
// emails, lower-cased, linked to a user when that user may see the meeting), the event's own
// link on the meeting, and which calendar events were attached to an existing meeting (a Parley
// invite re-imported) rather than creating one: those are never deleted by their calendar.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('meeting_invitees')
    .addColumn('meeting_id', 'uuid', (c) =>
      c.notNull().references('meetings.id').onDelete('cascade'),
    )
    .addColumn('email', 'text', (c) =>
      c.notNull().check(sql`email = lower(email) and char_length(email) between 3 and 254`),
    )
    /** The member this address belongs to (null: an external email). */
    .addColumn('user_id', 'uuid', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('organizer', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('meeting_invitees_pk', ['meeting_id', 'email'])
    .execute();
  await db.schema
    .alterTable('meetings')
    .addColumn('event_url', 'text', (c) => c.check(sql`char_length(event_url) <= 2048`))
    .execute();
  await db.schema
    .alterTable('calendar_events')
    .addColumn('attached', 'boolean', (c) => c.notNull().defaultTo(false))
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('calendar_events').dropColumn('attached').execute();
  await db.schema.alterTable('meetings').dropColumn('event_url').execute();
  await db.schema.dropTable('meeting_invitees').ifExists().execute();
}

import { sql, type Kysely } from 'kysely';

// Action-item reminders: a user setting (weekly by default; daily on weekdays; off) and one
// record per user and period (the day, or the Monday of the week). A worker claims the record
// before it sends, so several workers never send the same reminder twice.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('users')
    .addColumn('action_item_reminders', 'text', (c) =>
      c
        .notNull()
        .defaultTo('weekly')
        .check(sql`action_item_reminders in ('off','daily','weekly')`),
    )
    .execute();
  await db.schema
    .createTable('action_item_reminders')
    .addColumn('user_id', 'uuid', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('period', 'date', (c) => c.notNull())
    .addColumn('status', 'text', (c) =>
      c.notNull().check(sql`status in ('sending','pending','sent','bounced','failed','empty')`),
    )
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('error', 'text')
    .addColumn('message_id', 'text')
    .addColumn('item_count', 'integer')
    .addColumn('claimed_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('sent_at', 'timestamptz')
    .addPrimaryKeyConstraint('action_item_reminders_pkey', ['user_id', 'period'])
    .execute();
  await sql`create index action_item_reminders_period on action_item_reminders (period)`.execute(
    db,
  );
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('action_item_reminders').ifExists().execute();
  await db.schema.alterTable('users').dropColumn('action_item_reminders').execute();
}

import { sql, type Kysely } from 'kysely';

// The hour a person's action-item reminders come, on their own clock (null: the deployment's
// ACTION_ITEM_REMINDER_HOUR).
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('users')
    .addColumn('reminder_hour', 'smallint', (c) => c.check(sql`reminder_hour between 0 and 23`))
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('users').dropColumn('reminder_hour').execute();
}

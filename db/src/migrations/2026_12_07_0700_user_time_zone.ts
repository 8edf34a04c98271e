import type { Kysely } from 'kysely';

// A person's time zone (IANA name; null: UTC): when their reminders go out and how dates read in
// the emails they get. Set from the browser at sign-up, changed on the account page.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('users').addColumn('time_zone', 'text').execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('users').dropColumn('time_zone').execute();
}

import type { Kysely } from 'kysely';

// A host may send a meeting's follow-up email again (after correcting its summary): each
// sending is a round; a delivery record belongs to the round that last reset it.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('meetings')
    .addColumn('followup_round', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('followup_resent_at', 'timestamptz')
    .execute();
  await db.schema
    .alterTable('followup_emails')
    .addColumn('round', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('followup_emails').dropColumn('round').execute();
  await db.schema
    .alterTable('meetings')
    .dropColumn('followup_resent_at')
    .dropColumn('followup_round')
    .execute();
}

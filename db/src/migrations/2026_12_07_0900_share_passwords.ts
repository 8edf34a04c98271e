import type { Kysely } from 'kysely';

// A share link may ask for a password (argon2id hash; null: anyone with the link).
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('meeting_shares').addColumn('password_hash', 'text').execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('meeting_shares').dropColumn('password_hash').execute();
}

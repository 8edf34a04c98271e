import { sql, type Kysely } from 'kysely';

// Transcription settings: per-meeting language, vocabulary and "no AI"; per-team STT provider.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('meetings')
    .addColumn('language', 'text')
    .addColumn('vocabulary', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'::text[]`))
    .addColumn('ai_enabled', 'boolean', (c) => c.notNull().defaultTo(true))
    .execute();
  await db.schema
    .alterTable('teams')
    .addColumn('stt_provider', 'text', (c) => c.check(sql`stt_provider in ('local','openai')`))
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('teams').dropColumn('stt_provider').execute();
  await db.schema
    .alterTable('meetings')
    .dropColumn('language')
    .dropColumn('vocabulary')
    .dropColumn('ai_enabled')
    .execute();
}

import { sql, type Kysely } from 'kysely';

// A meeting's summary can be corrected by people: who last edited it and when, and the
// pipeline's own version (`machine`), which re-runs keep refreshing and a revert brings back.
// A re-run never overwrites a person's edit.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table meeting_summaries
    add column edited_at timestamptz,
    add column edited_by uuid references users(id) on delete set null,
    add column machine jsonb`.execute(db);
  await sql`update meeting_summaries set machine = jsonb_build_object(
    'overview', overview, 'keyPoints', key_points, 'decisions', decisions,
    'openQuestions', open_questions)`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table meeting_summaries
    drop column edited_at, drop column edited_by, drop column machine`.execute(db);
}

import { sql, type Kysely } from 'kysely';

// The brief sweep's window, every few minutes on every worker: scheduled meetings with a subject,
// by time (without it, each look reads every meeting).
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create index meetings_scheduled_subject_idx on meetings (scheduled_at)
    where status = 'scheduled' and subject_id is not null`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists meetings_scheduled_subject_idx`.execute(db);
}

import { sql, type Kysely } from 'kysely';

// Moments people mark during a meeting ("Mark moment" in the room), with an optional note: a
// point on the meeting's timeline (ms from its start) that its page lists and links to.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create table meeting_highlights (
    id uuid primary key default gen_random_uuid(),
    meeting_id uuid not null references meetings(id) on delete cascade,
    at_ms integer not null check (at_ms >= 0),
    user_id uuid references users(id) on delete set null,
    author_name text not null,
    note text,
    created_at timestamptz not null default now()
  )`.execute(db);
  await sql`create index meeting_highlights_meeting on meeting_highlights (meeting_id, at_ms)`.execute(
    db,
  );
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table meeting_highlights`.execute(db);
}

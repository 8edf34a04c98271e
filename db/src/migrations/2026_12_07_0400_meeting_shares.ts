import { sql, type Kysely } from 'kysely';

// Read-only share links of a meeting: the recap (summary and action items), and the transcript
// and recording when the sharer includes them, for people without an account. Only the link's
// SHA-256 is stored; a link expires, can be revoked and dies with its meeting.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create table meeting_shares (
    id uuid primary key default gen_random_uuid(),
    meeting_id uuid not null references meetings(id) on delete cascade,
    token_hash text not null unique,
    created_by uuid references users(id) on delete set null,
    created_at timestamptz not null default now(),
    expires_at timestamptz not null,
    revoked_at timestamptz,
    include_transcript boolean not null,
    include_recording boolean not null,
    view_count integer not null default 0,
    last_viewed_at timestamptz
  )`.execute(db);
  await sql`create index meeting_shares_meeting on meeting_shares (meeting_id, created_at desc)`.execute(
    db,
  );
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table meeting_shares`.execute(db);
}

import { sql, type Kysely } from 'kysely';

// An imported file is the meeting's recording: played, downloaded and clicked through like one,
// and kept for the team's recording retention. Imports finished before this get their row now.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table recordings drop constraint if exists recordings_mode_check`.execute(db);
  await sql`alter table recordings add constraint recordings_mode_check
    check (mode in ('egress','agent','import'))`.execute(db);
  await sql`insert into recordings
      (meeting_id, mode, status, object_key, content_type, duration_ms, size_bytes,
       started_at, ended_at)
    select i.meeting_id, 'import', 'completed', i.object_key,
      case i.format when 'wav' then 'audio/wav' when 'mp3' then 'audio/mpeg'
        when 'mp4' then 'video/mp4' when 'ogg' then 'audio/ogg' when 'webm' then 'video/webm'
        else 'audio/flac' end,
      i.duration_ms, i.size_bytes, coalesce(m.started_at, m.created_at), m.ended_at
    from meeting_imports i join meetings m on m.id = i.meeting_id
    where i.status = 'done'`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await sql`delete from recordings where mode = 'import'`.execute(db);
  await sql`alter table recordings drop constraint if exists recordings_mode_check`.execute(db);
  await sql`alter table recordings add constraint recordings_mode_check
    check (mode in ('egress','agent'))`.execute(db);
}

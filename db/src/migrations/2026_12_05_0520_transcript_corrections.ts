import { sql, type Kysely } from 'kysely';

// Transcript corrections after (and during) a meeting.
//
// - `transcript_segments.version` counts text edits: an edit names the version it started from
//   and a stale one is refused (409), so concurrent editors never overwrite each other unseen.
// - `transcript_segments.speaker_key`: who the line belongs to for naming. Null means the
//   participant identity (one voice per participant); a diarizing provider may set `identity#2`.
// - `meeting_speakers`: the display name of a speaker key for the whole meeting (optionally a
//   member's account). `speaker_name` on the segments is kept equal to it (a rename updates the
//   rows), so search, exports, the report and the post-meeting chain show it with no join.
// - `transcript_edits`: every edit (who, when, kind, before, after). A merged-away segment id is
//   remembered there, and the insert trigger below skips a late re-insert of it by the agent's
//   spool; it also gives new finals the meeting's chosen speaker name.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('transcript_segments')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('speaker_key', 'text')
    .execute();
  await db.schema
    .createTable('meeting_speakers')
    .addColumn('meeting_id', 'uuid', (c) =>
      c.notNull().references('meetings.id').onDelete('cascade'),
    )
    .addColumn('speaker_key', 'text', (c) => c.notNull())
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('user_id', 'uuid', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('updated_by', 'uuid', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('meeting_speakers_pkey', ['meeting_id', 'speaker_key'])
    .execute();
  await db.schema
    .createTable('transcript_edits')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('meeting_id', 'uuid', (c) =>
      c.notNull().references('meetings.id').onDelete('cascade'),
    )
    .addColumn('kind', 'text', (c) =>
      c.notNull().check(sql`kind in ('text','split','merge','speaker')`),
    )
    /** The line edited (null for a speaker rename). */
    .addColumn('segment_id', 'text')
    /** The other line: the one a split created, the one a merge absorbed. */
    .addColumn('related_segment_id', 'text')
    .addColumn('speaker_key', 'text')
    .addColumn('user_id', 'uuid', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('before', 'jsonb', (c) => c.notNull())
    .addColumn('after', 'jsonb', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await sql`create index transcript_edits_segment_idx
    on transcript_edits (meeting_id, segment_id, created_at)`.execute(db);
  await sql`create index transcript_edits_related_idx
    on transcript_edits (meeting_id, related_segment_id) where related_segment_id is not null`.execute(
    db,
  );
  await sql`create function transcript_segments_corrected() returns trigger
    language plpgsql as $$
    declare chosen text;
    begin
      if exists (select 1 from transcript_edits e
                 where e.meeting_id = new.meeting_id and e.kind = 'merge'
                   and e.related_segment_id = new.segment_id) then
        return null;
      end if;
      select display_name into chosen from meeting_speakers s
        where s.meeting_id = new.meeting_id
          and s.speaker_key = coalesce(new.speaker_key, new.speaker_identity);
      if chosen is not null then new.speaker_name := chosen; end if;
      return new;
    end $$`.execute(db);
  await sql`create trigger transcript_segments_corrected before insert on transcript_segments
    for each row execute function transcript_segments_corrected()`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop trigger if exists transcript_segments_corrected on transcript_segments`.execute(
    db,
  );
  await sql`drop function if exists transcript_segments_corrected()`.execute(db);
  await db.schema.dropTable('transcript_edits').ifExists().execute();
  await db.schema.dropTable('meeting_speakers').ifExists().execute();
  await db.schema.alterTable('transcript_segments').dropColumn('speaker_key').execute();
  await db.schema.alterTable('transcript_segments').dropColumn('version').execute();
}

import { sql } from 'kysely';
import type { Db } from '../client.ts';

// Passages of a subject's past meetings that bear on what is being said now: full-text search
// over the given meetings' segments with any of the words of the current conversation.

export interface MemoryPassage {
  /** transcript_segments.id (the id vectors are stored under). */
  id: string;
  meetingId: string;
  segmentId: string;
  speakerName: string;
  text: string;
  startMs: number;
  rank: number;
}

/** Most words of the conversation searched. */
export const MAX_PASSAGE_QUERY_WORDS = 12;

/** Matches ranked (the newest): ranking every match of a common word costs too much per run. */
export const MAX_PASSAGE_CANDIDATES = 300;

/**
 * The `limit` segments of `meetingIds` that share the most words (ts_rank) with `text`; [] when
 * `text` has no searchable words. Reads the meetings' segments through the meeting index and
 * matches each one's stored tsvector: the cost follows the size of those meetings, not of the
 * whole transcript table (callers pass a bounded set: a subject's newest meetings).
 */
export async function findMemoryPassages(
  db: Db,
  meetingIds: readonly string[],
  text: string,
  limit = 5,
): Promise<MemoryPassage[]> {
  if (meetingIds.length === 0 || !text.trim()) return [];
  const { rows } = await sql<PassageRow & { rank: number }>`
    with words as (
      select l from unnest(tsvector_to_array(to_tsvector('english', ${text.slice(-2000)}))) l
      limit ${MAX_PASSAGE_QUERY_WORDS}
    ), q as (
      select string_agg(quote_literal(l), ' | ')::tsquery as q from words
    ), candidates as (
      select s.id, s.meeting_id, s.segment_id, s.speaker_name, s.text, s.start_ms, s.spoken_at,
             s.search_tsv
        from transcript_segments s, q
       where q.q is not null
         and s.meeting_id = any(${[...meetingIds]}::uuid[])
         and s.search_tsv @@ q.q
       order by s.spoken_at desc
       limit ${MAX_PASSAGE_CANDIDATES}
    )
    select c.id, c.meeting_id, c.segment_id, c.speaker_name, c.text, c.start_ms,
           ts_rank(c.search_tsv, q.q) as rank
      from candidates c, q
     order by rank desc, c.spoken_at desc
     limit ${Math.min(Math.max(limit, 1), 50)}`.execute(db);
  return rows.map((r) => toPassage(r, Number(r.rank)));
}

interface PassageRow {
  id: string;
  meeting_id: string;
  segment_id: string;
  speaker_name: string;
  text: string;
  start_ms: number;
}

function toPassage(r: PassageRow, rank: number): MemoryPassage {
  return {
    id: r.id,
    meetingId: r.meeting_id,
    segmentId: r.segment_id,
    speakerName: r.speaker_name,
    text: r.text,
    startMs: r.start_ms,
    rank,
  };
}

/**
 * The segments `ids` (e.g. vector matches) that belong to `meetingIds`, in the order of `ids`;
 * ids of other meetings or no longer stored are left out (rank 0: they matched by meaning).
 */
export async function memoryPassagesByIds(
  db: Db,
  meetingIds: readonly string[],
  ids: readonly string[],
): Promise<MemoryPassage[]> {
  // Ids from a vector store are checked before they reach a uuid column.
  const uuids = ids.filter((id) => /^[0-9a-f-]{36}$/i.test(id));
  if (meetingIds.length === 0 || uuids.length === 0) return [];
  const rows = await db
    .selectFrom('transcript_segments')
    .select(['id', 'meeting_id', 'segment_id', 'speaker_name', 'text', 'start_ms'])
    .where('id', 'in', uuids)
    .where('meeting_id', 'in', [...meetingIds])
    .execute();
  const byId = new Map(rows.map((r) => [r.id, r]));
  return uuids.flatMap((id) => {
    const r = byId.get(id);
    return r ? [toPassage(r, 0)] : [];
  });
}

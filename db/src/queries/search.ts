import { sql, type RawBuilder } from 'kysely';
import type { Db } from '../client.ts';
import { visibleToUser } from './visibility.ts';
import type { MeetingType } from '@parley/protocol';
import { rankedIds, type FtsOptions } from './search-rank.ts';

// Full-text search over transcript segments, always scoped to the meetings a user may see
// (owner, or member of the meeting's team: the same rule as `listVisibleMeetings`). Matches are
// ranked over every visible segment by walking time newest → oldest (search-rank.ts, over the
// time-block index of search-walk.ts and migration 2026_12_04_0100).

/** Text-search configuration of `transcript_segments.search_tsv` (see migration 0030). */
export const SEARCH_TS_CONFIG = 'english';

/** Longest query text accepted (characters); longer input is cut, never an error. */
export const MAX_SEARCH_QUERY_CHARS = 10_000;

const MARK_START = '\uE000';
const MARK_END = '\uE001';

export interface SearchFilters {
  teamId?: string | undefined;
  type?: MeetingType | undefined;
  /** Case-insensitive exact subject. */
  subject?: string | undefined;
  /** Speaker name (case-insensitive, exact) or identity. */
  speaker?: string | undefined;
  /** Meeting date (start, else scheduled, else created) in [from, to). */
  from?: Date | undefined;
  to?: Date | undefined;
  /** Only these meetings (still intersected with what the user may see). */
  meetingIds?: string[] | undefined;
}

/** A piece of a snippet: plain text, or a matched word (`hit`). Render as text, never as HTML. */
export interface SnippetPart {
  text: string;
  hit: boolean;
}

export interface SegmentHit {
  /** transcript_segments.id */
  id: string;
  segmentId: string;
  meetingId: string;
  meetingTitle: string;
  meetingType: MeetingType;
  subject: string | null;
  teamId: string | null;
  speakerIdentity: string;
  speakerName: string;
  startMs: number;
  endMs: number;
  spokenAt: Date;
  text: string;
  /** ts_rank (0 for hits found only by vector search). */
  rank: number;
  snippet: SnippetPart[];
}

/** Removes characters PostgreSQL refuses in text (NUL) and our snippet markers; caps length. */
export function cleanSearchQuery(q: string): string {
  return (
    q
      .slice(0, MAX_SEARCH_QUERY_CHARS)
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\uE000\uE001]/g, ' ')
      .replace(/[\uD800-\uDFFF]/g, (c, i: number, s: string) => {
        // Keep valid surrogate pairs, drop lone halves (not encodable as UTF-8).
        const code = c.charCodeAt(0);
        if (code <= 0xdbff) {
          const next = s.charCodeAt(i + 1);
          return next >= 0xdc00 && next <= 0xdfff ? c : ' ';
        }
        const prev = s.charCodeAt(i - 1);
        return prev >= 0xd800 && prev <= 0xdbff ? c : ' ';
      })
      .trim()
  );
}

/** Words of a query full-text search uses at most; later words are ignored. */
export const MAX_SEARCH_QUERY_WORDS = 16;

/**
 * The text full-text search runs: the cleaned query's first MAX_SEARCH_QUERY_WORDS words. Index
 * work grows with every extra word (each is one more posting list to merge), so a pasted
 * paragraph is searched by its beginning.
 */
export function fullTextQuery(q: string): string {
  return cleanSearchQuery(q).split(/\s+/).slice(0, MAX_SEARCH_QUERY_WORDS).join(' ');
}

/** Splits ts_headline output (with our private-use markers) into parts. */
export function parseHeadline(h: string): SnippetPart[] {
  const parts: SnippetPart[] = [];
  let rest = h;
  while (rest.length > 0) {
    const a = rest.indexOf(MARK_START);
    if (a < 0) {
      parts.push({ text: rest, hit: false });
      break;
    }
    if (a > 0) parts.push({ text: rest.slice(0, a), hit: false });
    const b = rest.indexOf(MARK_END, a + 1);
    const end = b < 0 ? rest.length : b;
    const text = rest.slice(a + 1, end);
    if (text) parts.push({ text, hit: true });
    rest = b < 0 ? '' : rest.slice(b + 1);
  }
  return parts.filter((p) => p.text.length > 0);
}

/** The meetings the user may see, with the meeting filters applied (a SQL subquery). */
function visibleMeetings(userId: string, f: SearchFilters): RawBuilder<unknown> {
  const conds: RawBuilder<unknown>[] = [visibleToUser(userId)];
  if (f.teamId) conds.push(sql`m.team_id = ${f.teamId}`);
  if (f.type) conds.push(sql`m.type = ${f.type}`);
  if (f.subject) conds.push(sql`lower(m.subject) = ${f.subject.toLowerCase()}`);
  const when = sql`coalesce(m.started_at, m.scheduled_at, m.created_at)`;
  if (f.from) conds.push(sql`${when} >= ${f.from}`);
  if (f.to) conds.push(sql`${when} < ${f.to}`);
  if (f.meetingIds) conds.push(sql`m.id = any(${f.meetingIds}::uuid[])`);
  return sql`select m.id from meetings m where ${sql.join(conds, sql` and `)}`;
}

function speakerCond(f: SearchFilters): RawBuilder<unknown> {
  if (!f.speaker) return sql`true`;
  return sql`(lower(s.speaker_name) = ${f.speaker.toLowerCase()} or s.speaker_identity = ${f.speaker})`;
}

interface HitRow {
  id: string;
  segment_id: string;
  meeting_id: string;
  title: string;
  type: MeetingType;
  subject: string | null;
  team_id: string | null;
  speaker_identity: string;
  speaker_name: string;
  start_ms: number;
  end_ms: number;
  spoken_at: Date;
  text: string;
  rank: number;
  headline: string | null;
}

function toHit(r: HitRow): SegmentHit {
  return {
    id: r.id,
    segmentId: r.segment_id,
    meetingId: r.meeting_id,
    meetingTitle: r.title,
    meetingType: r.type,
    subject: r.subject,
    teamId: r.team_id,
    speakerIdentity: r.speaker_identity,
    speakerName: r.speaker_name,
    startMs: r.start_ms,
    endMs: r.end_ms,
    spokenAt: r.spoken_at,
    text: r.text,
    rank: Number(r.rank),
    snippet: r.headline === null ? [{ text: r.text, hit: false }] : parseHeadline(r.headline),
  };
}

/**
 * Ranked full-text hits (websearch syntax: quotes, OR, -word) with highlighted snippets, over
 * every match the user may see (see `rankedIds` for how, and when the relevance answer is
 * exact). Relevance is ts_rank (which query words a segment holds and how close together),
 * capped at the rank of a segment that says the query once: saying a word twice does not beat a
 * newer segment, and among equals the newest comes first. Any text is a valid query; one with
 * no searchable words (only stop words, only punctuation) returns [] without touching the index.
 */
export async function searchSegmentsFts(
  db: Db,
  userId: string,
  query: string,
  filters: SearchFilters = {},
  opts: FtsOptions = {},
): Promise<SegmentHit[]> {
  const q = fullTextQuery(query);
  if (!q) return [];
  const limit = Math.min(Math.max(opts.limit ?? 20, 1), 100);
  const offset = Math.min(Math.max(opts.offset ?? 0, 0), 1000);
  // One read-only snapshot for every step (a segment written meanwhile is either in all of them
  // or in none), and no parallel workers or JIT: each step is small, and starting workers or
  // compiling costs more than the step.
  return db
    .transaction()
    .setIsolationLevel('repeatable read')
    .setAccessMode('read only')
    .execute(async (trx) => {
      // The walk starts at the newest activity among the meetings in scope (a team back from a
      // month off does not walk through the empty month first) and takes the rest of time in
      // one step once it is past the oldest; the answer does not depend on either.
      const head = await sql<{ q: string; n: number; newest: Date | null; oldest: Date | null }>`
        select q::text as q, numnode(q) as n, v.newest, v.oldest,
          set_config('max_parallel_workers_per_gather', '0', true),
          set_config('jit', 'off', true)
        from websearch_to_tsquery(${SEARCH_TS_CONFIG}::regconfig, ${q}) q,
          (select max(greatest(m.created_at, m.started_at, m.ended_at)) as newest,
                  min(least(m.created_at, m.started_at)) as oldest
           from meetings m where m.id in (${visibleMeetings(userId, filters)})) v`.execute(trx);
      const h = head.rows[0];
      if (!h?.newest || !h.oldest || Number(h.n) === 0) return [];
      const tsquery = h.q;
      const scope = sql`s.meeting_id in (${visibleMeetings(userId, filters)}) and ${speakerCond(filters)}`;
      const { ids } = await rankedIds(
        trx,
        { tsquery, newest: h.newest, oldest: h.oldest, scope },
        offset + limit,
        opts,
      );
      const page = ids.slice(offset);
      if (page.length === 0) return [];
      const { rows } = await sql<HitRow>`
        select s.id, s.segment_id, s.meeting_id, m.title, m.type, m.subject, m.team_id,
               s.speaker_identity, s.speaker_name, s.start_ms, s.end_ms, s.spoken_at, s.text,
               ts_rank(s.search_tsv, ${tsquery}::tsquery) as rank,
               ts_headline(${SEARCH_TS_CONFIG}::regconfig, s.text, ${tsquery}::tsquery,
                 ${`StartSel=${MARK_START}, StopSel=${MARK_END}, MaxWords=30, MinWords=10, MaxFragments=2, FragmentDelimiter=" … "`}) as headline
        from transcript_segments s
        join meetings m on m.id = s.meeting_id
        where s.id = any(${page}::uuid[])
          and s.meeting_id in (${visibleMeetings(userId, filters)})`.execute(trx);
      const order = new Map(page.map((id, i) => [id, i]));
      return rows.map(toHit).sort((a, b) => (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0));
    });
}

/** True when the text has at least one searchable word (not only stop words or punctuation). */
export async function hasSearchTerms(db: Db, query: string): Promise<boolean> {
  const q = fullTextQuery(query);
  if (!q) return false;
  const { rows } = await sql<{ n: number }>`
    select numnode(websearch_to_tsquery(${SEARCH_TS_CONFIG}::regconfig, ${q})) as n`.execute(db);
  return Number(rows[0]?.n ?? 0) > 0;
}

/**
 * Segments by row id, only from meetings the user may see (ids from a vector store are
 * never trusted on their own), in the order given.
 */
export async function segmentsForUser(
  db: Db,
  userId: string,
  ids: string[],
  filters: SearchFilters = {},
): Promise<SegmentHit[]> {
  const uuids = ids.filter((id) => /^[0-9a-f-]{36}$/i.test(id));
  if (uuids.length === 0) return [];
  const { rows } = await sql<HitRow>`
    select s.id, s.segment_id, s.meeting_id, m.title, m.type, m.subject, m.team_id,
           s.speaker_identity, s.speaker_name, s.start_ms, s.end_ms, s.spoken_at, s.text,
           0::real as rank, null as headline
    from transcript_segments s
    join meetings m on m.id = s.meeting_id
    where s.id = any(${uuids}::uuid[])
      and s.meeting_id in (${visibleMeetings(userId, filters)})
      and ${speakerCond(filters)}
  `.execute(db);
  const order = new Map(uuids.map((id, i) => [id.toLowerCase(), i]));
  return rows.map(toHit).sort((a, b) => (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0));
}

/** The meetings the user may see under the filters, with what picks their vector namespace. */
export async function visibleMeetingScopes(
  db: Db,
  userId: string,
  filters: SearchFilters = {},
  limit = 10_000,
): Promise<{ id: string; team_id: string | null; owner_id: string }[]> {
  const { rows } = await sql<{ id: string; team_id: string | null; owner_id: string }>`
    select v.id, mm.team_id, mm.owner_id
    from (${visibleMeetings(userId, filters)} limit ${limit}) v
    join meetings mm on mm.id = v.id`.execute(db);
  return rows;
}

/** Ids of the meetings the user may see under the filters (for vector-store filters). */
export async function visibleMeetingIds(
  db: Db,
  userId: string,
  filters: SearchFilters = {},
  limit = 10_000,
): Promise<string[]> {
  const { rows } = await sql<{
    id: string;
  }>`${visibleMeetings(userId, filters)} limit ${limit}`.execute(db);
  return rows.map((r) => r.id);
}

/** Segments of one meeting for indexing: id, text and where it sits. */
export async function segmentsForIndexing(
  db: Db,
  meetingId: string,
): Promise<{ id: string; text: string; startMs: number; speakerName: string }[]> {
  const rows = await db
    .selectFrom('transcript_segments')
    .select(['id', 'text', 'start_ms', 'speaker_name'])
    .where('meeting_id', '=', meetingId)
    .orderBy('start_ms')
    .orderBy('segment_id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    text: r.text,
    startMs: r.start_ms,
    speakerName: r.speaker_name,
  }));
}

import { sql } from 'kysely';
import type { Db } from './client.ts';
import { fullTextQuery } from './queries/search.ts';
import { relevanceCap, type SearchSort } from './queries/search-rank.ts';

/**
 * The search oracle for tests and the search benchmark: the ids `searchSegmentsFts` must return,
 * computed the slow, obvious way — every visible match ranked in one ORDER BY (no time walk, no
 * cap on matches read), with the visibility rule (owner, or member of the meeting's team) spelled
 * out again here on purpose. Relevance: ts_rank capped (`relevanceCap`), then newest, then id;
 * newest: time, then id.
 */
export async function exactSearch(
  db: Db,
  userId: string,
  query: string,
  opts: { sort?: SearchSort; limit?: number; offset?: number } = {},
): Promise<{ ids: string[]; matches: number }> {
  const text = fullTextQuery(query);
  if (!text) return { ids: [], matches: 0 };
  const parsed = await sql<{ q: string; n: number }>`
    select q::text as q, numnode(q) as n from websearch_to_tsquery('english', ${text}) q`.execute(
    db,
  );
  const tsquery = parsed.rows[0]?.q ?? '';
  if (Number(parsed.rows[0]?.n ?? 0) === 0) return { ids: [], matches: 0 };
  const order =
    (opts.sort ?? 'relevance') === 'relevance'
      ? sql`least(ts_rank(s.search_tsv, q.q), q.cap) desc, s.spoken_at desc, s.id desc`
      : sql`s.spoken_at desc, s.id desc`;
  // The index expression only narrows the rows read (its time lexemes never match a query word).
  const { rows } = await sql<{ id: string; n: number }>`
    with q as (select ${tsquery}::tsquery as q, ${relevanceCap(tsquery)} as cap)
    select s.id, count(*) over () as n
    from transcript_segments s, q
    where (s.search_tsv || parley_search_time_lexemes(s.spoken_at)) @@ q.q
      and s.search_tsv @@ q.q
      and s.meeting_id in (
        select m.id from meetings m
        where m.owner_id = ${userId}
           or m.team_id in (select team_id from team_members where user_id = ${userId}))
    order by ${order}
    limit ${opts.limit ?? 20} offset ${opts.offset ?? 0}`.execute(db);
  return { ids: rows.map((r) => r.id), matches: Number(rows[0]?.n ?? 0) };
}

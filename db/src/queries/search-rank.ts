import { sql, type RawBuilder } from 'kysely';
import type { Db } from '../client.ts';
import { idealDocuments } from './search-ideal.ts';
import { withoutPhrases } from './search-tsquery.ts';
import { TimeWalk, hourOf, type WalkStep } from './search-walk.ts';

// Ranking full-text matches over every visible segment by walking time newest → oldest
// (search-walk.ts), so that no query reads more than it must and no match is left out.

export const SEARCH_SORTS = ['relevance', 'newest'] as const;
export type SearchSort = (typeof SEARCH_SORTS)[number];

/** How one search found its answer (for benchmarks and diagnostics). */
export interface SearchStats {
  /** Index queries the walk ran. */
  steps: number;
  /** Matches the walk read and ranked. */
  matchesRead: number;
  /** True when the answer is provably the ranking over every visible match. */
  exact: boolean;
}

export interface FtsOptions {
  limit?: number;
  offset?: number;
  /** `relevance` (default): best match first, newest first among equals; `newest`: by time. */
  sort?: SearchSort;
  /**
   * Relevance only: once the walk has read this many matches without filling the page with
   * matches at the cap, it answers with the best of what it read (the newest matches) and
   * reports `exact: false`. Bounds the cost of queries whose matches rarely reach the cap.
   */
  maxRead?: number;
  /**
   * A query the planner expects to match at most this many segments (in the whole table) is
   * ranked in one index scan over all of time, not walked: for it a walk costs more round trips
   * than its matches cost to read. Default 2,000; 0: always walk.
   */
  oneScanMax?: number;
  onStats?: (stats: SearchStats) => void;
}

/** Default of `FtsOptions.maxRead`. */
export const SEARCH_MAX_READ = 20_000;

/**
 * The relevance cap of a tsquery: the lowest ts_rank of its ideal segments (search-ideal.ts).
 * Relevance is least(ts_rank, cap).
 */
export function relevanceCap(tsquery: string): RawBuilder<number> {
  const ranks = idealDocuments(tsquery).map(
    (d) => sql`ts_rank(${d}::tsvector, ${tsquery}::tsquery)`,
  );
  return sql<number>`least(${sql.join(ranks)})`;
}

/** Default of `FtsOptions.oneScanMax`. */
export const SEARCH_ONE_SCAN_MAX = 2000;

/** The planner's estimate of the segments matching a tsquery (from the column statistics). */
async function estimatedMatches(db: Db, tsquery: string): Promise<number> {
  const { rows } = await sql<{ 'QUERY PLAN': [{ Plan: { 'Plan Rows': number } }] }>`
    explain (format json)
    select 1 from transcript_segments s where s.search_tsv @@ ${tsquery}::tsquery`.execute(db);
  return Number(rows[0]?.['QUERY PLAN'][0].Plan['Plan Rows'] ?? Infinity);
}

/** The indexed expression of migration 2026_12_04_0100: words plus time-block lexemes. */
const INDEXED = sql`(s.search_tsv || parley_search_time_lexemes(s.spoken_at))`;

interface Candidate {
  id: string;
  /** spoken_at in microseconds since 1970 (exact: JS dates hold only milliseconds). */
  t_us: number;
  /** Relevance: ts_rank capped (null when sorting by time). */
  rel: number | null;
  cap: number | null;
  /** Matches in the step. */
  matches: number;
}

const byTime = (a: Candidate, b: Candidate) =>
  b.t_us - a.t_us || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);
const byRelevance = (a: Candidate, b: Candidate) => (b.rel ?? 0) - (a.rel ?? 0) || byTime(a, b);

export interface RankQuery {
  tsquery: string;
  /** Newest and oldest activity among the meetings in scope: where the walk starts and ends. */
  newest: Date;
  oldest: Date;
  /** SQL condition on `s` (transcript_segments): which segments the caller may see. */
  scope: RawBuilder<unknown>;
}

/**
 * The ids of the best `want` matches and how they were found. Each step ranks its matches in SQL:
 * - newest: stops once `want` matches are found; they are the newest (steps are disjoint and
 *   newest first), so the answer is exact.
 * - relevance: order is (least(ts_rank, cap), newest, id). A match at the cap outranks every
 *   older match, so once the `want`-th best so far is at the cap nothing unread can enter:
 *   exact. Otherwise it goes on to the end of time (exact) or until `maxRead` matches were read
 *   (the best among the newest matches; `exact: false`).
 */
export async function rankedIds(
  db: Db,
  query: RankQuery,
  want: number,
  opts: FtsOptions,
): Promise<{ ids: string[]; stats: SearchStats }> {
  const relevance = (opts.sort ?? 'relevance') === 'relevance';
  const maxRead = opts.maxRead ?? SEARCH_MAX_READ;
  const rel = relevance ? sql`least(ts_rank(s.search_tsv, q.q), q.cap)` : sql`null::real`;
  // Phrases are checked on the row's own tsvector: the index answers the query with its
  // phrases as AND (no positions in a GIN index), and a recheck of the index expression (words
  // plus time lexemes, rebuilt per row) costs several times the plain check.
  const relaxed = withoutPhrases(query.tsquery);
  const indexQuery = relaxed ?? query.tsquery;
  // A step without blocks covers all of time.
  const run = async (step: WalkStep | null) => {
    const { rows } = await sql<Candidate>`
      with q as (select ${query.tsquery}::tsquery as q, ${indexQuery}::tsquery as iq,
                        ${relevance ? relevanceCap(query.tsquery) : sql`null::real`} as cap)
      select s.id, (extract(epoch from s.spoken_at) * 1000000)::bigint as t_us, ${rel} as rel,
             q.cap, count(*) over () as matches
      from transcript_segments s, q
      where ${INDEXED} @@ ${step ? sql`(q.iq && ${step.tsquery}::tsquery)` : sql`q.iq`}
        ${relaxed ? sql`and s.search_tsv @@ q.q` : sql``}
        and ${query.scope}
      order by rel desc nulls last, s.spoken_at desc, s.id desc
      limit ${want}`.execute(db);
    return rows.map(numeric);
  };
  const walk = new TimeWalk(query.newest.getTime());
  const floorHour = hourOf(query.oldest.getTime());
  const stats: SearchStats = { steps: 0, matchesRead: 0, exact: true };
  let best: Candidate[] = [];
  const keep = (rows: Candidate[]) => {
    best = [...best, ...rows].sort(relevance ? byRelevance : byTime).slice(0, want);
  };
  const oneScanMax = opts.oneScanMax ?? SEARCH_ONE_SCAN_MAX;
  if (oneScanMax > 0 && (await estimatedMatches(db, query.tsquery)) <= oneScanMax) {
    keep(await run(null));
    stats.steps = 1;
    stats.matchesRead = best[0]?.matches ?? 0;
    opts.onStats?.(stats);
    return { ids: best.map((c) => c.id), stats };
  }
  let span = 1;
  for (let step = walk.next(span); step; step = walk.next(span)) {
    const rows = await run(step);
    stats.steps++;
    stats.matchesRead += rows[0]?.matches ?? 0;
    keep(rows);
    // How many of the kept matches can no longer be displaced by older ones.
    const settled = relevance ? best.filter((c) => c.rel === c.cap).length : best.length;
    if (settled >= want) break;
    if (relevance && stats.matchesRead >= maxRead) {
      stats.exact = walk.done;
      break;
    }
    // Next step: long enough to settle the rest at the density seen so far, at most 8 times
    // what was covered (a sparse stretch followed by a dense one then costs at most that), and
    // for relevance no more than the read budget left at that density; once it would reach the
    // oldest meeting in scope, all the rest of time (normally empty before it) at once.
    const grow = settled === 0 ? 8 : Math.min(8, Math.max(2, Math.ceil((1.5 * want) / settled)));
    span = walk.covered * grow;
    if (relevance && stats.matchesRead > 0) {
      const budget = ((maxRead - stats.matchesRead) * walk.covered) / stats.matchesRead;
      span = Math.max(1, Math.min(span, budget));
    }
    // Nothing found at all yet: a step that would cover a third of what is left takes it all
    // (for a query that matches almost nothing, one scan of the index instead of two or three).
    const left = walk.reachedHour - floorHour;
    if (left <= span || (stats.matchesRead === 0 && 3 * span >= left)) span = Infinity;
  }
  opts.onStats?.(stats);
  return { ids: best.map((c) => c.id), stats };
}

function numeric(c: Candidate): Candidate {
  return {
    ...c,
    t_us: Number(c.t_us),
    rel: c.rel === null ? null : Number(c.rel),
    cap: c.cap === null ? null : Number(c.cap),
    matches: Number(c.matches),
  };
}

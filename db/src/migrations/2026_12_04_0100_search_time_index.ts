import { sql, type Kysely } from 'kysely';

// Frozen in time: written against Kysely<any>, never against the current Database type.
//
// Full-text search that finds the newest matches without reading every match. The GIN index over
// `search_tsv` is replaced by one over `search_tsv` plus ten time lexemes per segment: the
// segment's hour block at levels 0–9 (blocks of 4^level hours, UTC, from 1970; ' t<level>:<n>').
// A search ANDs its query with a few of these lexemes, so the index answers "matches of the query
// within these hours" at the cost of the rarer side (GIN skips through the longer posting list),
// and search walks from the newest blocks to older ones (db/src/queries/search-walk.ts).
// The lexemes start with a space, which the text parser never puts in a lexeme, so no spoken word
// can collide with them; they exist only in the index (not stored in the row), and ranking and
// snippets still use `search_tsv` alone. Hours outside [1970, 2089] fall into the first or last
// block, so every segment has a place in the walk.
//
// Both functions are immutable and built only from immutable parts (the epoch is taken from the
// interval since 1970, not from the timestamptz, whose extract() is only stable), so PostgreSQL
// inlines them: a recheck of a phrase query evaluates the index expression per candidate row,
// and a function call there costs ~0.3 ms against a few µs inlined. The index expression is what
// `timeLexeme` in queries/search-walk.ts names, so the two must keep naming the same blocks.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  // Plain expressions of immutable functions only (hence the ::text casts: `text || bigint` is
  // only stable), or PostgreSQL will not inline them.
  await sql`
    create function parley_search_hour_lexemes(h bigint) returns tsvector
    language sql immutable parallel safe
    as $$
      select array_to_tsvector(array[
        ' t0:' || h::text, ' t1:' || (h / 4)::text, ' t2:' || (h / 16)::text,
        ' t3:' || (h / 64)::text, ' t4:' || (h / 256)::text, ' t5:' || (h / 1024)::text,
        ' t6:' || (h / 4096)::text, ' t7:' || (h / 16384)::text, ' t8:' || (h / 65536)::text,
        ' t9:' || (h / 262144)::text])
    $$`.execute(db);
  // Any non-decreasing map from time to hours keeps the walk's order; this one rounds to the
  // second first. Before 1970 → hour 0, after 2089 → the last hour.
  await sql`
    create function parley_search_time_lexemes(ts timestamptz) returns tsvector
    language sql immutable parallel safe
    as $$
      select parley_search_hour_lexemes(least(greatest(
        extract(epoch from ts - timestamptz '1970-01-01 00:00:00+00')::bigint / 3600, 0), 1048575))
    $$`.execute(db);
  await sql`create index transcript_segments_search_time_idx on transcript_segments
    using gin ((search_tsv || parley_search_time_lexemes(spoken_at)))`.execute(db);
  await sql`drop index if exists transcript_segments_search_idx`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await sql`create index if not exists transcript_segments_search_idx on transcript_segments
    using gin (search_tsv)`.execute(db);
  await sql`drop index if exists transcript_segments_search_time_idx`.execute(db);
  await sql`drop function if exists parley_search_time_lexemes(timestamptz)`.execute(db);
  await sql`drop function if exists parley_search_hour_lexemes(bigint)`.execute(db);
}

// The search benchmark's fixed query mix, drawn (with its own seed) from the corpus: words by
// their frequency rank in the generated vocabulary, phrases and word groups from real segments.
import { sql, type Db } from '@parley/db';
import { vocabulary, type CorpusParams } from './search-corpus.ts';
import { rng } from './stats.ts';

export const QUERY_CLASSES = ['rare', 'common', 'phrase', 'multi', 'operators'] as const;
export type QueryClass = (typeof QUERY_CLASSES)[number];

export interface BenchQuery {
  cls: QueryClass | 'bad_input';
  q: string;
}

/** Words PostgreSQL's english configuration keeps (drops stop words). */
async function searchable(db: Db, words: string[]): Promise<Set<string>> {
  const { rows } = await sql<{ w: string }>`
    select w from unnest(${words}::text[]) w
    where numnode(plainto_tsquery('english', w)) > 0`.execute(db);
  return new Set(rows.map((r) => r.w));
}

/** Searchable words of segments sampled from the whole corpus (deterministic for a corpus). */
async function sampleSegments(
  db: Db,
  corpus: CorpusParams,
  n: number,
  seed: number,
  keep: Set<string>,
) {
  const percent = Math.min(100, (100 * n * 4) / corpus.segments);
  const { rows } = await sql<{ text: string }>`
    select text from transcript_segments tablesample bernoulli(${percent}) repeatable (${seed})
    order by id`.execute(db);
  return rows
    .map((r) => r.text.split(' ').filter((w) => keep.has(w)))
    .filter((ws) => ws.length > 3);
}

/**
 * `perClass` queries of each class:
 * - rare: a word from the vocabulary's long tail (tens of matches per million segments);
 * - common: one of the 40 most frequent searchable words (5–30 % of segments);
 * - phrase: two adjacent frequent words of a real segment, quoted;
 * - multi: two or three of the 300 most frequent words of a real segment, unquoted (all must
 *   match; closeness ranks);
 * - operators: OR and -word, with frequent words;
 * plus a fixed list of bad input (long, unicode, unbalanced quotes, operator soup, only stop
 * words, only negations), timed but not part of the recall classes.
 */
export async function queryMix(
  db: Db,
  corpus: CorpusParams,
  perClass: number,
  seed: number,
): Promise<BenchQuery[]> {
  const vocab = vocabulary(corpus.vocabulary, corpus.seed);
  const keep = await searchable(db, vocab);
  const r = rng(seed);
  const pick = <T>(xs: T[]): T => xs[Math.floor(r() * xs.length)] as T;
  const common = vocab.filter((w) => keep.has(w)).slice(0, 40);
  const tail = vocab.slice(Math.floor(vocab.length / 5)).filter((w) => keep.has(w));
  const segs = await sampleSegments(db, corpus, perClass * 2, seed, keep);
  const out: BenchQuery[] = [];
  // Phrases and word groups of words people repeat (the 2,000 most frequent): a phrase of two
  // tail words would be a rare-word query again.
  const rank = new Map(vocab.map((w, i) => [w, i]));
  const frequent = (w: string | undefined) => (rank.get(w ?? '') ?? Infinity) < 2000;
  const pairs = segs.flatMap((ws) =>
    ws.slice(1).flatMap((w, i) => (frequent(w) && frequent(ws[i]) ? [`"${ws[i]} ${w}"`] : [])),
  );
  const common300 = (w: string) => (rank.get(w) ?? Infinity) < 300;
  const groups = segs.map((ws) => [...new Set(ws.filter(common300))]).filter((g) => g.length >= 3);
  for (let i = 0; i < perClass; i++) {
    out.push({ cls: 'rare', q: pick(tail) });
    out.push({ cls: 'common', q: pick(common) });
    out.push({ cls: 'phrase', q: pick(pairs) });
    const g = [...pick(groups)].sort(() => r() - 0.5);
    out.push({ cls: 'multi', q: g.slice(0, 2 + Math.floor(r() * 2)).join(' ') });
    const k = r();
    out.push({
      cls: 'operators',
      q:
        k < 0.4
          ? `${pick(common)} or ${pick(common)}`
          : k < 0.7
            ? `${pick(common)} -${pick(common)}`
            : `${pick(common)} ${pick(common)} or "${pick(common)} ${pick(common)}"`,
    });
  }
  const long = Array.from({ length: 2000 }, () => pick(common)).join(' ');
  for (const q of [
    long.slice(0, 10_000),
    'x'.repeat(10_000),
    `${pick(common)} ${'"'.repeat(3)}`,
    `"${pick(common)} ${pick(common)}`,
    '!!! & | :* ( ) <-> ' + pick(common),
    "'; drop table transcript_segments; --",
    `привет 你好 🙂 ${pick(common)}`,
    '🙂🙂🙂 ∑∫ \u200b',
    'the of and was it',
    `-${pick(common)}`,
    `-"${pick(common)} ${pick(common)}" -${pick(common)}`,
    common.slice(0, 6).join(' or '),
  ])
    out.push({ cls: 'bad_input', q });
  return out;
}

// Full-text search at scale: 100,000 and then 1,000,000 generated transcript segments in a
// database of their own, 200 queries each (single words, AND, "phrases", OR, -negation), timed
// end to end through the same query function the app uses (scoped to one user's meetings,
// ranked, with highlighted snippets). Data is generated in SQL (INSERT … SELECT
// generate_series) with a skewed (Zipf-like) vocabulary, so common words match ~15 % of segments.
//   pnpm bench search [--queries 200] [--small 100000] [--large 1000000] [--per-meeting 500]
import { parseArgs } from 'node:util';
import { devEnv, SENTENCES } from '@parley/agent/testing';
import { searchSegmentsFts, sql, type Db } from '@parley/db';
import { createTestDatabase } from '@parley/db/testing';
import type { Benchmark } from './lib/run.ts';
import { quantile, round } from './lib/stats.ts';

/** Deterministic pseudo-random numbers (mulberry32). */
function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Corpus words first (the common ones), then pronounceable made-up words (the long tail). */
function vocabulary(size: number): string[] {
  const words = new Set<string>();
  for (const s of SENTENCES) for (const w of s.toLowerCase().match(/[a-z]+/g) ?? []) words.add(w);
  for (const w of 'revenue churn pricing customers pipeline runway burn hiring roadmap launch budget contract renewal onboarding retention forecast margin quota deal partner investor board metrics growth funnel cohort'.split(
    ' ',
  ))
    words.add(w);
  const r = rng(7);
  const c = 'bcdfghjklmnprstvz';
  const v = 'aeiou';
  while (words.size < size) {
    let w = '';
    const syl = 2 + Math.floor(r() * 2);
    for (let i = 0; i < syl; i++)
      w += (c[Math.floor(r() * c.length)] ?? 'b') + (v[Math.floor(r() * v.length)] ?? 'a');
    words.add(w);
  }
  return [...words];
}

/** Skewed pick: index = n · u², so early words are much more frequent. */
const skewed = (r: () => number, n: number) => Math.floor(n * r() * r());

function queries(vocab: string[], n: number): string[] {
  const r = rng(42);
  const w = () => vocab[skewed(r, vocab.length)] ?? 'revenue';
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const k = r();
    if (k < 0.4) out.push(w());
    else if (k < 0.7) out.push(`${w()} ${w()}`);
    else if (k < 0.85) out.push(`"${w()} ${w()}"`);
    else if (k < 0.95) out.push(`${w()} or ${w()}`);
    else out.push(`${w()} -${w()}`);
  }
  return out;
}

async function generate(
  db: Db,
  opts: {
    from: number;
    to: number;
    perMeeting: number;
    vocab: string[];
    owner: string;
    team: string;
    other: string;
    otherTeam: string;
  },
): Promise<void> {
  const firstMeeting = Math.floor(opts.from / opts.perMeeting);
  const lastMeeting = Math.ceil(opts.to / opts.perMeeting) - 1;
  // Four in five meetings belong to the searching user's team; the rest to a team they are not in.
  await sql`
    insert into meetings (id, title, type, status, owner_id, room_name, team_id, subject, created_at, started_at, ended_at)
    select md5('m' || g)::uuid, 'Meeting ' || g,
      (array['investment_screening','mentoring','sales','product_review','general'])[1 + g % 5],
      'ended',
      case when g % 5 = 4 then ${opts.other}::uuid else ${opts.owner}::uuid end,
      'bench-' || g,
      case when g % 5 = 4 then ${opts.otherTeam}::uuid else ${opts.team}::uuid end,
      'Company ' || (g % 97),
      now() - (g || ' hours')::interval, now() - (g || ' hours')::interval,
      now() - (g || ' hours')::interval + interval '50 minutes'
    from generate_series(${firstMeeting}::int, ${lastMeeting}::int) g
    on conflict do nothing`.execute(db);
  await sql`
    insert into transcript_segments (meeting_id, segment_id, speaker_identity, speaker_name, track_id, text, start_ms, end_ms, spoken_at, language)
    select md5('m' || (g / ${opts.perMeeting}))::uuid, 's' || g,
      'speaker-' || (g % 4), (array['Ada','Bob','Chen','Dina'])[1 + g % 4], 'TR_' || (g % 4),
      array_to_string(array(
        select (${opts.vocab}::text[])[1 + floor(${opts.vocab.length} * random() * random())::int]
        from generate_series(1, 8 + (g % 9))
      ), ' '),
      (g % ${opts.perMeeting}) * 6000, (g % ${opts.perMeeting}) * 6000 + 5000,
      now() - ((g / ${opts.perMeeting}) || ' hours')::interval + ((g % ${opts.perMeeting}) * 6 || ' seconds')::interval,
      'en'
    from generate_series(${opts.from}::int, ${opts.to - 1}::int) g`.execute(db);
}

async function timeQueries(
  db: Db,
  userId: string,
  qs: string[],
): Promise<{ p50: number; p95: number; hits: number }> {
  for (const q of qs.slice(0, 20)) await searchSegmentsFts(db, userId, q); // warm-up
  const ms: number[] = [];
  let hits = 0;
  for (const q of qs) {
    const t0 = performance.now();
    const r = await searchSegmentsFts(db, userId, q, {}, { limit: 20 });
    ms.push(performance.now() - t0);
    if (r.length > 0) hits++;
  }
  return { p50: round(quantile(ms, 0.5), 2), p95: round(quantile(ms, 0.95), 2), hits };
}

const bench: Benchmark = {
  async run(args, log) {
    const { values } = parseArgs({
      args,
      options: {
        queries: { type: 'string', default: '200' },
        small: { type: 'string', default: '100000' },
        large: { type: 'string', default: '1000000' },
        'per-meeting': { type: 'string', default: '500' },
        keep: { type: 'boolean', default: false },
      },
    });
    const small = Number(values.small);
    const large = Number(values.large);
    const perMeeting = Number(values['per-meeting']);
    const env = devEnv();
    const t = await createTestDatabase(env.DATABASE_URL ?? '');
    log(`database ${t.url.split('/').pop() ?? ''}`);
    try {
      const db = t.db;
      const vocab = vocabulary(5000);
      const users = await sql<{ id: string }>`
        insert into users (email, name, password_hash)
        values ('bench-a@example.com', 'A', 'x'), ('bench-b@example.com', 'B', 'x') returning id`.execute(
        db,
      );
      const [a, b] = users.rows.map((u) => u.id);
      if (!a || !b) throw new Error('users');
      const teams = await sql<{ id: string }>`
        insert into teams (name) values ('Fund'), ('Other') returning id`.execute(db);
      const [team, otherTeam] = teams.rows.map((x) => x.id);
      if (!team || !otherTeam) throw new Error('teams');
      await sql`insert into team_members (team_id, user_id, role)
        values (${team}, ${a}, 'member'), (${otherTeam}, ${b}, 'owner')`.execute(db);
      const qs = queries(vocab, Number(values.queries));
      const metrics: Record<string, number> = {};
      let have = 0;
      for (const [label, target] of [
        ['100k', small],
        ['1m', large],
      ] as const) {
        const t0 = performance.now();
        // Bulk load without the GIN index, then build it once (as a restore would).
        await sql`drop index if exists transcript_segments_search_idx`.execute(db);
        const chunk = 100_000;
        for (let from = have; from < target; from += chunk) {
          const to = Math.min(target, from + chunk);
          await generate(db, { from, to, perMeeting, vocab, owner: a, team, other: b, otherTeam });
          log(`  ${label}: ${to.toLocaleString('en')} / ${target.toLocaleString('en')} segments`);
        }
        have = target;
        await sql`set maintenance_work_mem = '256MB'`.execute(db);
        await sql`create index transcript_segments_search_idx on transcript_segments using gin (search_tsv)`.execute(
          db,
        );
        await sql`analyze`.execute(db);
        log(`  ${label}: data + index in ${round((performance.now() - t0) / 1000, 1)} s`);
        const r = await timeQueries(db, a, qs);
        log(
          `  ${label}: p50 ${r.p50} ms, p95 ${r.p95} ms (${r.hits}/${qs.length} queries with hits)`,
        );
        metrics[`fts_p50_ms_${label}`] = r.p50;
        metrics[`fts_p95_ms_${label}`] = r.p95;
      }
      return metrics;
    } finally {
      if (!values.keep) await t.drop();
    }
  },
};

export default bench;

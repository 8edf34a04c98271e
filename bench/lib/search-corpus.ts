// The search benchmark's data: generated transcript segments in a database of their own, inserted
// in production order (oldest meeting first, each meeting's segments in the order spoken), so the
// heap and the GIN posting lists run oldest → newest as they do in a real deployment.
//
// Building 1M segments takes minutes, so the database is kept (`parley_bench_search_<segments>`)
// and reused when it was built with the same parameters; other parameters rebuild it.
import { createHash } from 'node:crypto';
import { SENTENCES } from '@parley/agent/testing';
import { createDb, migrateToLatest, sql, type Db } from '@parley/db';
import { rng } from './stats.ts';

export interface CorpusParams {
  segments: number;
  perMeeting: number;
  /** Hours between the starts of consecutive meetings (the corpus spans meetings × this). */
  hoursApart: number;
  vocabulary: number;
  seed: number;
}

export interface Corpus {
  db: Db;
  /** The searching user: member of the team holding most meetings, owner of a few of their own. */
  userId: string;
  /** True when the data was built by this run (not reused). */
  built: boolean;
  close: () => Promise<void>;
}

/** First meeting's start; fixed so a rebuilt corpus is the same corpus. */
const EPOCH = '2024-01-01T09:00:00Z';

/**
 * Corpus words first (stop words and meeting talk: the frequent ones), then pronounceable
 * made-up words (the long tail). Position is frequency rank: word i is drawn ∝ 1/(i+1) (Zipf).
 */
export function vocabulary(size: number, seed: number): string[] {
  const words = new Set<string>();
  for (const s of SENTENCES) for (const w of s.toLowerCase().match(/[a-z]+/g) ?? []) words.add(w);
  const r = rng(seed);
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

/** What the data depends on. Migrations added later are applied on reuse, as in production. */
function fingerprint(p: CorpusParams): string {
  return createHash('sha256').update(JSON.stringify(p)).digest('hex').slice(0, 16);
}

async function admin<T>(serverUrl: string, f: (db: Db) => Promise<T>): Promise<T> {
  const db = createDb({ url: serverUrl, poolMax: 1 });
  try {
    return await f(db);
  } finally {
    await db.destroy();
  }
}

/** Meetings and segments, oldest first, in chunks of 100,000 segments (progress in `log`). */
async function generate(
  db: Db,
  p: CorpusParams,
  ids: { a: string; b: string; team: string; otherTeam: string },
  log: (line: string) => void,
): Promise<void> {
  const meetings = Math.ceil(p.segments / p.perMeeting);
  // Of every 10 meetings: 7 in the user's team, 1 the user's own without a team, 2 in a team
  // the user is not in (visible share 80 %, both halves of the visibility rule exercised).
  await sql`
    insert into meetings (id, title, type, status, owner_id, room_name, team_id, subject,
                          created_at, started_at, ended_at)
    select md5('m' || g)::uuid, 'Meeting ' || g,
      (array['investment_screening','mentoring','sales','product_review','general'])[1 + g % 5],
      'ended',
      case when g % 10 >= 8 then ${ids.b}::uuid else ${ids.a}::uuid end,
      'bench-' || g,
      case when g % 10 >= 8 then ${ids.otherTeam}::uuid
           when g % 10 = 7 then null else ${ids.team}::uuid end,
      'Company ' || (g % 97),
      t, t, t + interval '50 minutes'
    from generate_series(0, ${meetings - 1}::int) g,
         lateral (select ${EPOCH}::timestamptz + g * ${p.hoursApart} * interval '1 hour' as t) x
    order by g`.execute(db);
  const vocab = vocabulary(p.vocabulary, p.seed);
  await sql`create table bench_vocab (i int primary key, w text not null)`.execute(db);
  await sql`insert into bench_vocab select i, w from unnest(${vocab}::text[]) with ordinality as v(w, i)`.execute(
    db,
  );
  const chunk = 100_000;
  await db.connection().execute(async (c) => {
    await sql`select setseed(${(p.seed % 1000) / 1000})`.execute(c);
    for (let from = 0; from < p.segments; from += chunk) {
      const to = Math.min(p.segments, from + chunk);
      // Zipf word pick: floor(exp(u · ln(n + 1))) - 1 is word i with probability ≈ 1/(i + 1.5).
      await sql`
        insert into transcript_segments (meeting_id, segment_id, speaker_identity, speaker_name,
          track_id, text, start_ms, end_ms, spoken_at, language)
        select md5('m' || (g / ${p.perMeeting}))::uuid, 's' || (g % ${p.perMeeting}),
          'speaker-' || (g % 4), (array['Ada','Bob','Chen','Dina'])[1 + g % 4], 'TR_' || (g % 4),
          array_to_string(array(
            select (select w from bench_vocab v where v.i = x.k)
            from (select floor(exp(random() * ln(${vocab.length + 1})))::int as k
                  from generate_series(1, 6 + (g * 37) % 17)) x
          ), ' '),
          (g % ${p.perMeeting}) * 6000, (g % ${p.perMeeting}) * 6000 + 5000,
          ${EPOCH}::timestamptz + (g / ${p.perMeeting}) * ${p.hoursApart} * interval '1 hour'
            + (g % ${p.perMeeting}) * interval '6 seconds',
          'en'
        from generate_series(${from}::int, ${to - 1}::int) g
        order by g`.execute(c);
      log(`  ${to.toLocaleString('en')} / ${p.segments.toLocaleString('en')} segments`);
    }
  });
}

/**
 * Opens the benchmark corpus, building it first unless a database built with the same
 * parameters is there and this code's migrations apply to it.
 */
export async function openCorpus(
  serverUrl: string,
  p: CorpusParams,
  log: (line: string) => void,
  opts: { rebuild?: boolean } = {},
): Promise<Corpus> {
  const fp = fingerprint(p);
  const DB_NAME = `parley_bench_search_${p.segments}`;
  const u = new URL(serverUrl);
  u.pathname = `/${DB_NAME}`;
  const url = u.toString();
  const exists = await admin(serverUrl, async (a) => {
    const r = await sql<{ n: number }>`
      select count(*)::int as n from pg_database where datname = ${DB_NAME}`.execute(a);
    return (r.rows[0]?.n ?? 0) > 0;
  });
  if (exists) {
    const db = createDb({ url, poolMax: 2 });
    const meta = await sql<{ fingerprint: string; user_id: string }>`
      select fingerprint, user_id from bench_search_meta`
      .execute(db)
      .then((r) => r.rows[0])
      .catch(() => undefined);
    let reason = 'other parameters, or --rebuild';
    if (meta?.fingerprint === fp && !opts.rebuild) {
      log(`reusing ${DB_NAME} (${fp}); applying newer migrations, if any`);
      // A corpus built on another branch may have run migrations this code does not have, or
      // in another order; Kysely refuses it, and a rebuild is the only honest way on.
      const migrated = await migrateToLatest(db).then(
        () => true,
        (e: unknown) => ((reason = `its migrations differ: ${String(e)}`), false),
      );
      if (migrated) return { db, userId: meta.user_id, built: false, close: () => db.destroy() };
    }
    await db.destroy();
    log(`${DB_NAME}: rebuilding (${reason})`);
    await admin(serverUrl, (a) =>
      sql`drop database ${sql.id(DB_NAME)} with (force)`.execute(a).then(() => undefined),
    );
  }
  await admin(serverUrl, (a) =>
    sql`create database ${sql.id(DB_NAME)}`.execute(a).then(() => undefined),
  );
  const db = createDb({ url, poolMax: 2 });
  try {
    const t0 = performance.now();
    await migrateToLatest(db);
    const users = await sql<{ id: string }>`
      insert into users (email, name, password_hash)
      values ('bench-a@example.com', 'A', 'x'), ('bench-b@example.com', 'B', 'x')
      returning id`.execute(db);
    const teams = await sql<{ id: string }>`
      insert into teams (name) values ('Fund'), ('Other') returning id`.execute(db);
    const [a, b] = users.rows.map((x) => x.id);
    const [team, otherTeam] = teams.rows.map((x) => x.id);
    if (!a || !b || !team || !otherTeam) throw new Error('bench users/teams not created');
    await sql`insert into team_members (team_id, user_id, role)
      values (${team}, ${a}, 'member'), (${otherTeam}, ${b}, 'owner')`.execute(db);
    // Bulk load without the secondary indexes, then build them once (as a restore would).
    const indexes = await sql<{ name: string; def: string }>`
      select indexname as name, indexdef as def from pg_indexes
      where tablename = 'transcript_segments'
        and indexname not in (select conname from pg_constraint)`.execute(db);
    for (const i of indexes.rows) await sql`drop index ${sql.id(i.name)}`.execute(db);
    await generate(db, p, { a, b, team, otherTeam }, log);
    log(`  rows in ${Math.round((performance.now() - t0) / 1000)} s`);
    await db.connection().execute(async (c) => {
      await sql`set maintenance_work_mem = '512MB'`.execute(c);
      for (const i of indexes.rows) {
        const t1 = performance.now();
        await sql.raw(i.def).execute(c);
        log(`  index ${i.name} in ${Math.round((performance.now() - t1) / 1000)} s`);
      }
    });
    log('  vacuum analyze');
    await sql`vacuum analyze`.execute(db);
    await sql`create table bench_search_meta (fingerprint text not null, user_id uuid not null,
      params jsonb not null)`.execute(db);
    await sql`insert into bench_search_meta values (${fp}, ${a}, ${JSON.stringify(p)})`.execute(db);
    log(`built ${DB_NAME} in ${Math.round((performance.now() - t0) / 1000)} s`);
    return { db, userId: a, built: true, close: () => db.destroy() };
  } catch (err) {
    await db.destroy();
    await admin(serverUrl, (x) =>
      sql`drop database if exists ${sql.id(DB_NAME)} with (force)`.execute(x),
    ).catch(() => undefined);
    throw err;
  }
}

// The action items page at scale: `listVisibleActionItems`, the query behind /action-items and
// GET /api/action-items, over a deployment's worth of items. A fresh database holds
// --meetings meetings (--items-per-meeting each), --visible-pct of them visible to the user (7 in
// 8 of those in their team, 1 in 8 their own without a team), the rest in a team they are not
// in (`--visible-pct 2`: one team among fifty on a shared server). Of the items, 1 in 5 is assigned to the user,
// 1 in 3 is done, 1 in 20 rejected, 3 in 5 have a due date; meetings are spread over 2 years.
// Each query shape (the page's default "mine, open", everyone's open items, done items, "all",
// a deep page) runs --runs times after a warm-up. Latency is the query function's (SQL round
// trip from Node), not HTTP or rendering.
//   pnpm bench action-items [--meetings 20000] [--items-per-meeting 5] [--visible-pct 80] [--runs 40]
import { listVisibleActionItems, sql, type VisibleActionItemsQuery } from '@parley/db';
import { createTestDatabase, testServerUrl } from '@parley/db/testing';
import { benchArgs } from './lib/args.ts';
import type { Benchmark, Metrics } from './lib/run.ts';
import { quantile, round } from './lib/stats.ts';

const SHAPES: [string, Omit<VisibleActionItemsQuery, 'limit'>][] = [
  ['mine_open', { mine: true, status: 'open', offset: 0 }],
  ['anyone_open', { mine: false, status: 'open', offset: 0 }],
  ['mine_done', { mine: true, status: 'done', offset: 0 }],
  ['anyone_all', { mine: false, status: 'all', offset: 0 }],
  ['anyone_open_offset_1000', { mine: false, status: 'open', offset: 1000 }],
];

const bench: Benchmark = {
  async run(args, log) {
    const o = benchArgs(args, {
      meetings: { type: 'string', default: '20000' },
      'items-per-meeting': { type: 'string', default: '5' },
      'visible-pct': { type: 'string', default: '80' },
      runs: { type: 'string', default: '40' },
    });
    // Meeting i (per 800): below `team` the user's team, below `own` their own, else another's.
    const visible = Number(o['visible-pct']) * 8;
    const team = (visible * 7) / 8;
    const meetings = Number(o.meetings);
    const perMeeting = Number(o['items-per-meeting']);
    const runs = Number(o.runs);
    const t = await createTestDatabase(testServerUrl());
    try {
      const db = t.db;
      const t0 = performance.now();
      const users = await sql<{ id: string }>`
        insert into users (email, name, password_hash)
        values ('me@example.com', 'Me', 'x'), ('other@example.com', 'Other', 'x')
        returning id`.execute(db);
      const [me, other] = users.rows.map((r) => r.id);
      if (!me || !other) throw new Error('users not created');
      const teams = await sql<{ id: string }>`
        insert into teams (name) values ('Mine'), ('Theirs') returning id`.execute(db);
      const [mine, theirs] = teams.rows.map((r) => r.id);
      if (!mine || !theirs) throw new Error('teams not created');
      await sql`insert into team_members (team_id, user_id, role)
        values (${mine}, ${me}, 'member'), (${theirs}, ${other}, 'owner')`.execute(db);
      await sql`
        insert into meetings (title, type, owner_id, room_name, team_id, started_at, status)
        select 'Meeting ' || i, 'general',
               case when i % 800 >= ${team} and i % 800 < ${visible} then ${me}::uuid else ${other}::uuid end,
               'room-' || i,
               case when i % 800 < ${team} then ${mine}::uuid
                    when i % 800 < ${visible} then null else ${theirs}::uuid end,
               now() - make_interval(hours => (${meetings} - i) * 17520 / ${meetings}),
               'ended'
        from generate_series(1, ${meetings}) i`.execute(db);
      await sql`
        insert into action_items (meeting_id, position, run, text, owner_identity, owner_name,
                                  due_date, source, status, done_at, review)
        select m.id, j, 1, 'Item ' || j || ' of ' || m.title,
               case when (hashtext(m.id::text) + j) % 5 = 0 then ${me} else null end,
               case when (hashtext(m.id::text) + j) % 5 = 0 then 'Me' else 'Someone' end,
               case when (hashtext(m.id::text) + j) % 5 < 3
                    then (m.started_at + make_interval(days => 7 + j))::date else null end,
               'rules',
               case when (hashtext(m.id::text) + j) % 3 = 0 then 'done' else 'open' end,
               case when (hashtext(m.id::text) + j) % 3 = 0 then m.started_at + interval '3 days' end,
               case when (hashtext(m.id::text) + j) % 20 = 0 then 'rejected' else 'pending' end
        from meetings m, generate_series(0, ${perMeeting - 1}) j`.execute(db);
      await sql`analyze`.execute(db);
      const count = await sql<{ n: string }>`select count(*) as n from action_items`.execute(db);
      const items = Number(count.rows[0]?.n ?? 0);
      log(`built ${meetings} meetings, ${items} items in ${Math.round(performance.now() - t0)} ms`);

      const metrics: Metrics = { meetings, items };
      for (const [name, shape] of SHAPES) {
        const q = { ...shape, limit: 50 };
        for (let i = 0; i < 3; i++) await listVisibleActionItems(db, me, q);
        const ms: number[] = [];
        let rows = 0;
        for (let i = 0; i < runs; i++) {
          const s = performance.now();
          rows = (await listVisibleActionItems(db, me, q)).length;
          ms.push(performance.now() - s);
        }
        metrics[`${name}_p50_ms`] = round(quantile(ms, 0.5), 2);
        metrics[`${name}_p95_ms`] = round(quantile(ms, 0.95), 2);
        log(
          `${name}: p50 ${metrics[`${name}_p50_ms`]} ms, p95 ${metrics[`${name}_p95_ms`]} ms (${rows} rows)`,
        );
      }
      return metrics;
    } finally {
      await t.drop();
    }
  },
};

export default bench;

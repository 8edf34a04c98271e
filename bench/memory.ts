// Meeting memory (issue 16), one section per figure so each can grow on its own:
//   brief          brief_p95_ms: the brief for a subject's next meeting, built by the function the
//                  meeting page, the room and GET /api/meetings/:id/brief call (`buildBrief`:
//                  timeline, metric series with unit handling, open action items, never-covered
//                  checklist items, last summary), over a subject with `--meetings` ended meetings
//                  of `--segments` transcript segments each (defaults 200 × 500 ≈ 100k), each with
//                  extracted numbers (units varying: $k / $ / € so conversion and flags run), a
//                  summary, action items and checklist coverage; plus other subjects' meetings
//                  as neighbours. In-process (SQL round trips from Node and the assembly), not
//                  HTTP nor the session check. Target ≤ 200 ms p95.
//   lookup         memory_lookup_p95_ms: what the memory adds to a suggestion run, over the same
//                  subject (see lib/memory-lookup.ts). Target ≤ 50 ms p95.
//   email          email_after_end_s: meeting end → the follow-up email in an SMTP server's
//                  mailbox, offline pipeline, median of `--emails` (see lib/memory-email.ts).
//                  Target ≤ 60 s.
//
//   pnpm bench memory [--sections brief,lookup,email] [--meetings 200] [--segments 500]
//                     [--others 50] [--runs 200] [--emails 3] [--seed 16]
import {
  createMeeting,
  createUser,
  replaceActionItems,
  replaceExtractions,
  sql,
  upsertCoverage,
  upsertSummary,
  type Db,
} from '@parley/db';
import { createTestDatabase, testServerUrl } from '@parley/db/testing';
import { buildBrief } from '@parley/services/subjects';
import { benchArgs, recordArgs } from './lib/args.ts';
import { emailSection } from './lib/memory-email.ts';
import { lookupSection } from './lib/memory-lookup.ts';
import type { Benchmark, Metrics } from './lib/run.ts';
import { quantile, rng, round } from './lib/stats.ts';

interface Options {
  meetings: number;
  segments: number;
  others: number;
  runs: number;
  emails: number;
  seed: number;
}

const CHECKLIST = ['mrr', 'burn', 'churn', 'cac', 'team', 'runway', 'competition', 'pricing'].map(
  (id, i) => ({
    id,
    title: id,
    description: '',
    keywords: [id],
    priority: (['critical', 'important', 'follow_up'] as const)[i % 3] ?? 'important',
  }),
);

/** `count` ended meetings of one subject, with everything the post-meeting chain stores. */
async function seedSubject(
  db: Db,
  ownerId: string,
  subject: string,
  count: number,
  segments: number,
  r: () => number,
): Promise<string> {
  let subjectId = '';
  const day = 86_400_000;
  const first = Date.UTC(2026, 0, 1) - count * 3 * day;
  for (let i = 0; i < count; i++) {
    const m = await createMeeting(db, {
      title: `${subject} #${i + 1}`,
      type: 'investment_screening',
      ownerId,
      subject,
      checklist: CHECKLIST,
    });
    subjectId = m.subject_id ?? '';
    const start = new Date(first + i * 3 * day);
    await db
      .updateTable('meetings')
      .set({ status: 'ended', started_at: start, ended_at: new Date(start.getTime() + 3_600_000) })
      .where('id', '=', m.id)
      .execute();
    // Segments in one statement (≈ the size of an hour's talk); text varies so the search
    // index holds realistic postings.
    await sql`insert into transcript_segments
        (meeting_id, segment_id, speaker_identity, speaker_name, track_id, text, start_ms, end_ms, spoken_at)
      select ${m.id}, 'seg-' || g, 'spk-' || (g % 3), 'Speaker ' || (g % 3), 'TR_' || (g % 3),
             'we talked about revenue churn and hiring item ' || g || ' of meeting ' || ${i},
             g * 7000, g * 7000 + 5000, ${start}::timestamptz + (g * 7) * interval '1 second'
        from generate_series(1, ${segments}) g`.execute(db);
    const mrr = 40_000 + i * 500 + Math.round(r() * 2000);
    const money = (v: number) =>
      i % 7 === 3 ? `€${Math.round(v / 1000)}k` : i % 2 ? `$${v}` : `$${Math.round(v / 1000)}k`;
    const field = (
      fieldId: string,
      type: string,
      value: string,
      unit: string | null,
      k: number,
    ) => ({
      fieldId,
      label: fieldId.toUpperCase(),
      type,
      value,
      unit,
      segmentId: `seg-${k}`,
      startMs: k * 7000,
      source: 'rules' as const,
    });
    await replaceExtractions(db, m.id, 1, [
      field('mrr', 'money', money(mrr), 'per month', 3),
      field('burn', 'money', money(80_000 + Math.round(r() * 20_000)), 'per month', 5),
      field('churn', 'percent', `${(2 + r()).toFixed(1)}%`, null, 8),
      field('runway', 'duration', String(12 + (i % 12)), i % 5 ? 'months' : 'years', 11),
      field('team_size', 'number', String(8 + Math.floor(i / 10)), 'people', 13),
    ]);
    await upsertSummary(db, {
      meetingId: m.id,
      run: 1,
      source: 'extractive',
      overview: `Meeting ${i + 1} about ${subject}.`,
      keyPoints: [1, 2, 3].map((k) => ({
        text: `Point ${k}`,
        segmentId: `seg-${k}`,
        startMs: k * 7000,
      })),
      decisions: [{ text: 'Next meeting in a month.', segmentId: 'seg-9', startMs: 63_000 }],
      openQuestions: [],
    });
    await replaceActionItems(
      db,
      m.id,
      1,
      [1, 2, 3].map((k) => ({
        text: `Action ${k} of meeting ${i + 1}`,
        ownerIdentity: null,
        ownerName: 'Fran',
        dueDate: null,
        dueText: null,
        segmentId: `seg-${k * 10}`,
        startMs: k * 70_000,
        source: 'rules' as const,
      })),
    );
    await upsertCoverage(
      db,
      CHECKLIST.slice(0, 5).map((c) => ({
        meeting_id: m.id,
        item_id: c.id,
        state: r() < 0.7 ? 'answered' : 'not_discussed',
      })),
    );
  }
  return subjectId;
}

interface Seeded {
  userId: string;
  subjectId: string;
  /** The subject's next meeting (not ended): what the brief and the lookups are for. */
  nextMeetingId: string;
}

const seededDbs = new WeakMap<Db, Promise<Seeded>>();

/** The subject with `o.meetings` past meetings and its neighbours, seeded once per database. */
function seeded(db: Db, o: Options, log: (l: string) => void): Promise<Seeded> {
  let p = seededDbs.get(db);
  if (!p) seededDbs.set(db, (p = seed(db, o, log)));
  return p;
}

async function seed(db: Db, o: Options, log: (l: string) => void): Promise<Seeded> {
  const r = rng(o.seed);
  const user = await createUser(db, {
    email: 'bench@example.com',
    name: 'Bench',
    passwordHash: 'x',
  });
  if (!user) throw new Error('user not created');
  const t0 = performance.now();
  const subjectId = await seedSubject(db, user.id, 'Acme', o.meetings, o.segments, r);
  for (let n = 0; n < o.others; n++) await seedSubject(db, user.id, `Other ${n}`, 2, o.segments, r);
  await sql`analyze`.execute(db);
  const seg = await sql<{ n: number }>`select count(*)::int as n from transcript_segments`.execute(
    db,
  );
  log(
    `seeded ${o.meetings} meetings of the subject + ${o.others * 2} others, ${seg.rows[0]?.n ?? 0} segments in ${round((performance.now() - t0) / 1000)} s`,
  );
  const next = await createMeeting(db, {
    title: 'Next',
    type: 'investment_screening',
    ownerId: user.id,
    subject: 'Acme',
  });
  return { userId: user.id, subjectId, nextMeetingId: next.id };
}

async function briefSection(db: Db, o: Options, log: (l: string) => void): Promise<Metrics> {
  const { subjectId, nextMeetingId } = await seeded(db, o, log);
  const next = { id: nextMeetingId };
  const subject = { id: subjectId, name: 'Acme' };
  const seg = await sql<{ n: number }>`select count(*)::int as n from transcript_segments`.execute(
    db,
  );
  const warm = await buildBrief(db, subject, next.id);
  if (warm.pastMeetings !== o.meetings) throw new Error(`brief saw ${warm.pastMeetings} meetings`);
  for (let i = 0; i < 10; i++) await buildBrief(db, subject, next.id);
  const ms: number[] = [];
  for (let i = 0; i < o.runs; i++) {
    const s = performance.now();
    await buildBrief(db, subject, next.id);
    ms.push(performance.now() - s);
  }
  log(
    `brief: ${o.runs} runs, p50 ${round(quantile(ms, 0.5), 2)} ms, p95 ${round(quantile(ms, 0.95), 2)} ms`,
  );
  return {
    brief_p50_ms: round(quantile(ms, 0.5), 2),
    brief_p95_ms: round(quantile(ms, 0.95), 2),
    brief_segments: seg.rows[0]?.n ?? 0,
  };
}

type Section = (db: Db, o: Options, log: (l: string) => void, url: string) => Promise<Metrics>;

const SECTIONS: Record<string, Section> = {
  brief: briefSection,
  lookup: async (db, o, log) => lookupSection(db, await seeded(db, o, log), o, log),
  email: (db, o, log, url) => emailSection(db, url, o, log),
};

const bench: Benchmark = {
  async run(args, log) {
    const v = benchArgs(args, {
      sections: { type: 'string', default: Object.keys(SECTIONS).join(',') },
      meetings: { type: 'string', default: '200' },
      segments: { type: 'string', default: '500' },
      others: { type: 'string', default: '50' },
      runs: { type: 'string', default: '200' },
      emails: { type: 'string', default: '3' },
      seed: { type: 'string', default: '16' },
    });
    const o: Options = {
      meetings: Number(v.meetings),
      segments: Number(v.segments),
      others: Number(v.others),
      runs: Number(v.runs),
      emails: Number(v.emails),
      seed: Number(v.seed),
    };
    const sections = v.sections.split(',').map((s) => s.trim());
    for (const s of sections)
      if (!SECTIONS[s])
        throw new Error(`unknown section "${s}" (${Object.keys(SECTIONS).join(', ')})`);
    recordArgs({ warmup_runs: 11, path: 'in-process buildBrief (no HTTP)' });
    const t = await createTestDatabase(testServerUrl());
    try {
      const metrics: Metrics = {};
      for (const s of sections)
        Object.assign(metrics, await (SECTIONS[s] as Section)(t.db, o, log, t.url));
      return metrics;
    } finally {
      await t.drop();
    }
  },
};

export default bench;

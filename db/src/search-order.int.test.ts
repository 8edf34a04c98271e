/**
 * Search order at scale: more matches than any fixed candidate cap, inserted oldest first as in
 * production; relevance against newest; and the time walk against the exhaustive oracle
 * (`exactSearch`) on random corpora spread over all of time.
 */
import fc from 'fast-check';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import {
  createMeeting,
  createTeam,
  createUser,
  insertSegments,
  searchSegmentsFts,
  type NewTranscriptSegment,
  type SearchSort,
  type SearchStats,
} from './index.ts';
import { exactSearch, truncateAll } from './testing.ts';
import { useTestDatabase } from './use-test-database.ts';

const t = useTestDatabase({ truncateEach: true });

const DAY = 86_400_000;

async function people() {
  const ada = await createUser(t.db, { email: 'ada@example.com', name: 'Ada', passwordHash: 'x' });
  const eve = await createUser(t.db, { email: 'eve@example.com', name: 'Eve', passwordHash: 'x' });
  if (!ada || !eve) throw new Error('users');
  const team = await createTeam(t.db, { name: 'Fund', ownerId: ada.id });
  const other = await createTeam(t.db, { name: 'Other', ownerId: eve.id });
  return { ada, eve, team, other };
}

/** A meeting held at `at`, its segments `texts` spoken a minute apart from then. */
async function meetingAt(
  ownerId: string,
  teamId: string | null,
  at: Date,
  texts: string[],
): Promise<{ id: string; segmentIds: string[] }> {
  const m = await createMeeting(t.db, {
    title: `M ${at.toISOString()}`,
    type: 'general',
    ownerId,
    teamId,
  });
  await sql`update meetings set created_at = ${at}, started_at = ${at},
    ended_at = ${new Date(at.getTime() + texts.length * 60_000)}, status = 'ended'
    where id = ${m.id}`.execute(t.db);
  const segs: NewTranscriptSegment[] = texts.map((text, i) => ({
    meeting_id: m.id,
    segment_id: `s${i}`,
    speaker_identity: 'ada',
    speaker_name: 'Ada',
    track_id: 'TR_1',
    text,
    start_ms: i * 60_000,
    end_ms: i * 60_000 + 50_000,
    spoken_at: new Date(at.getTime() + i * 60_000),
    language: 'en',
  }));
  await insertSegments(t.db, segs);
  const rows = await t.db
    .selectFrom('transcript_segments')
    .select(['id', 'segment_id'])
    .where('meeting_id', '=', m.id)
    .execute();
  const byName = new Map(rows.map((r) => [r.segment_id, r.id]));
  return { id: m.id, segmentIds: segs.map((s) => byName.get(s.segment_id) ?? '') };
}

describe('search order', () => {
  it('with more matches than the old 2,000-row cap, inserted oldest first, the newest meeting leads both sorts', async () => {
    const { ada, team } = await people();
    const start = Date.UTC(2026, 0, 5, 9);
    const meetings = [];
    // 26 meetings × 100 segments that all say "churn" once: 2,600 matches of equal rank.
    for (let d = 0; d < 26; d++) {
      const texts = Array.from({ length: 100 }, (_, i) => `update ${d}-${i}: our churn is flat`);
      meetings.push(await meetingAt(ada.id, team.id, new Date(start + d * DAY), texts));
    }
    const newest = meetings.at(-1);
    if (!newest) throw new Error('no meetings');
    // Walked from the newest hour, and (where the planner expects few matches) in one scan.
    for (const [sort, oneScanMax] of [
      ['relevance', 0],
      ['newest', 0],
      ['relevance', undefined],
      ['newest', undefined],
    ] as const) {
      const label = `${sort} ${oneScanMax}`;
      const hits = await searchSegmentsFts(t.db, ada.id, 'churn', {}, { sort, oneScanMax });
      expect(
        hits.map((h) => h.meetingId),
        label,
      ).toEqual(Array(20).fill(newest.id));
      // Newest first: the meeting's last 20 segments, last spoken first.
      expect(
        hits.map((h) => h.id),
        label,
      ).toEqual(newest.segmentIds.slice(-20).reverse());
    }
  });

  it('relevance puts the closer match first and does not reward repetition; newest goes by time', async () => {
    const { ada, team } = await people();
    const old = await meetingAt(ada.id, team.id, new Date(Date.UTC(2025, 2, 1)), [
      'the pricing page converts well',
      'churn churn churn, all we hear about is churn',
    ]);
    const recent = await meetingAt(ada.id, team.id, new Date(Date.UTC(2026, 2, 1)), [
      'pricing was discussed, and later someone mentioned the landing page',
      'churn came up once',
    ]);
    const ids = async (q: string, sort: SearchSort) =>
      (await searchSegmentsFts(t.db, ada.id, q, {}, { sort })).map((h) => h.id);
    expect(await ids('pricing page', 'relevance')).toEqual([
      old.segmentIds[0],
      recent.segmentIds[0],
    ]);
    expect(await ids('pricing page', 'newest')).toEqual([recent.segmentIds[0], old.segmentIds[0]]);
    // Saying it once is enough to be at the cap: the newer segment comes first.
    expect(await ids('churn', 'relevance')).toEqual([recent.segmentIds[1], old.segmentIds[1]]);
  });

  it('equals the exhaustive ranking on random corpora spread over all of time (any page, both sorts)', async () => {
    const words = ['churn', 'pricing', 'page', 'hire', 'budget', 'renewal'];
    // Times from before 1970 to after 2089 (clamped into the first/last block), dense and sparse.
    const when = fc.oneof(
      fc.integer({ min: Date.UTC(1950, 0, 1), max: Date.UTC(2100, 0, 1) }),
      fc.integer({ min: Date.UTC(2026, 10, 1), max: Date.UTC(2026, 10, 3) }),
    );
    const meeting = fc.record({
      at: when,
      visible: fc.constantFrom('team', 'own', 'foreign'),
      texts: fc.array(
        fc.array(fc.constantFrom(...words, 'the', 'and', 'we'), { minLength: 1, maxLength: 8 }),
        { minLength: 1, maxLength: 12 },
      ),
    });
    const query = fc.oneof(
      fc.constantFrom(...words),
      fc.tuple(fc.constantFrom(...words), fc.constantFrom(...words)).map(([a, b]) => `${a} ${b}`),
      fc.tuple(fc.constantFrom(...words), fc.constantFrom(...words)).map(([a, b]) => `"${a} ${b}"`),
      fc
        .tuple(fc.constantFrom(...words), fc.constantFrom(...words))
        .map(([a, b]) => `${a} or ${b}`),
      fc.tuple(fc.constantFrom(...words), fc.constantFrom(...words)).map(([a, b]) => `${a} -${b}`),
      fc
        .tuple(fc.constantFrom(...words), fc.constantFrom(...words), fc.constantFrom(...words))
        .map(([a, b, c]) => `"${a} ${b}" or ${c} -"${c} ${a}"`),
      fc.constantFrom('-churn', 'the', '"churn"'),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.array(meeting, { minLength: 1, maxLength: 12 }),
        fc.array(fc.tuple(query, fc.constantFrom<SearchSort>('relevance', 'newest'), fc.nat(6)), {
          minLength: 4,
          maxLength: 8,
        }),
        async (ms, qs) => {
          await truncateAll(t.db);
          const { ada, eve, team, other } = await people();
          for (const m of ms) {
            const [owner, teamId] =
              m.visible === 'team'
                ? [eve.id, team.id]
                : m.visible === 'own'
                  ? [ada.id, null]
                  : [eve.id, other.id];
            await meetingAt(
              owner,
              teamId,
              new Date(m.at),
              m.texts.map((w) => w.join(' ')),
            );
          }
          for (const [q, sort, offset] of qs) {
            const want = await exactSearch(t.db, ada.id, q, { sort, limit: 3, offset });
            // Walked (these corpora are small enough for one scan), in one scan, and with a read
            // budget too small to finish: then only an answer that says it is exact must equal
            // the oracle.
            for (const o of [{ oneScanMax: 0 }, {}, { oneScanMax: 0, maxRead: 4 }]) {
              let stats: SearchStats | undefined;
              const got = await searchSegmentsFts(
                t.db,
                ada.id,
                q,
                {},
                {
                  ...o,
                  sort,
                  limit: 3,
                  offset,
                  onStats: (s) => (stats = s),
                },
              );
              if (o.maxRead && !stats?.exact) continue;
              const label = `${sort} "${q}" +${offset} ${JSON.stringify(o)}`;
              expect(
                got.map((h) => h.id),
                label,
              ).toEqual(want.ids);
              if (stats) expect(stats.exact, label).toBe(true);
            }
          }
        },
      ),
      { numRuns: 25 },
    );
  });

  it('past the read budget, relevance answers from the newest matches and says it is not exact', async () => {
    const { ada, team } = await people();
    const start = Date.UTC(2026, 0, 5, 9);
    // Only an old segment says the words together; 300 newer ones say them far apart.
    const old = await meetingAt(ada.id, team.id, new Date(start), ['pricing page']);
    for (let d = 1; d <= 3; d++) {
      const texts = Array.from(
        { length: 100 },
        () => 'pricing and then after a long while the page',
      );
      await meetingAt(ada.id, team.id, new Date(start + d * DAY), texts);
    }
    let stats: SearchStats | undefined;
    const onStats = (s: SearchStats) => (stats = s);
    const bounded = await searchSegmentsFts(
      t.db,
      ada.id,
      'pricing page',
      {},
      { maxRead: 50, oneScanMax: 0, onStats },
    );
    expect(stats?.exact).toBe(false);
    expect(bounded.map((h) => h.id)).not.toContain(old.segmentIds[0]);
    const full = await searchSegmentsFts(t.db, ada.id, 'pricing page', {}, { onStats });
    expect(stats?.exact).toBe(true);
    expect(full[0]?.id).toBe(old.segmentIds[0]);
  });
});

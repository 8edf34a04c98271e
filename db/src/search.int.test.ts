import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  createMeeting,
  createTeam,
  createUser,
  insertSegments,
  parseHeadline,
  searchSegmentsFts,
  segmentsForUser,
  visibleMeetingIds,
  type NewTranscriptSegment,
} from './index.ts';
import { useTestDatabase } from './use-test-database.ts';

const t = useTestDatabase({ truncateEach: true });

const seg = (
  meetingId: string,
  i: number,
  text: string,
  speaker = 'Ada',
): NewTranscriptSegment => ({
  meeting_id: meetingId,
  segment_id: `s${i}`,
  speaker_identity: speaker.toLowerCase(),
  speaker_name: speaker,
  track_id: 'TR_1',
  text,
  start_ms: i * 5000,
  end_ms: i * 5000 + 4000,
  spoken_at: new Date(Date.UTC(2026, 10, 20, 10, 0, i * 5)),
  language: 'en',
});

async function world() {
  const ada = await createUser(t.db, { email: 'ada@example.com', name: 'Ada', passwordHash: 'x' });
  const bob = await createUser(t.db, { email: 'bob@example.com', name: 'Bob', passwordHash: 'x' });
  const eve = await createUser(t.db, { email: 'eve@example.com', name: 'Eve', passwordHash: 'x' });
  if (!ada || !bob || !eve) throw new Error('users');
  const team = await createTeam(t.db, { name: 'Fund', ownerId: ada.id });
  await t.db
    .insertInto('team_members')
    .values({ team_id: team.id, user_id: bob.id, role: 'member' })
    .execute();
  const m1 = await createMeeting(t.db, {
    title: 'Acme screening',
    type: 'investment_screening',
    ownerId: ada.id,
    teamId: team.id,
    subject: 'Acme',
  });
  const m2 = await createMeeting(t.db, { title: 'Private', type: 'general', ownerId: eve.id });
  await insertSegments(t.db, [
    seg(m1.id, 0, 'Our monthly churn is about two percent.'),
    seg(m1.id, 1, 'The pipeline for enterprise customers <b>doubled</b> this quarter.', 'Bob'),
    seg(m1.id, 2, 'We will hire a head of sales by Friday.'),
    seg(m2.id, 0, 'Eve churn secret: the pipeline is empty.', 'Eve'),
  ]);
  return { ada, bob, eve, team, m1, m2 };
}

describe('full-text search', () => {
  it('finds a spoken phrase in visible meetings, ranked, with its moment and a safe snippet', async () => {
    const { bob, m1 } = await world();
    const hits = await searchSegmentsFts(t.db, bob.id, 'enterprise pipeline');
    expect(hits).toHaveLength(1);
    const h = hits[0];
    if (!h) throw new Error('no hit');
    expect(h.meetingId).toBe(m1.id);
    expect(h.startMs).toBe(5000);
    expect(h.speakerName).toBe('Bob');
    expect(h.snippet.filter((p) => p.hit).map((p) => p.text.toLowerCase())).toEqual(
      expect.arrayContaining(['pipeline', 'enterprise']),
    );
    // Markup in the transcript never becomes a highlight (ts_headline drops tag-like tokens;
    // parts are rendered as text anyway).
    expect(h.snippet.map((p) => p.text).join('')).toContain('doubled');
    expect(h.snippet.filter((p) => p.hit).some((p) => p.text.includes('<'))).toBe(false);
  });

  it('stems english words and honours quotes, OR and minus', async () => {
    const { ada } = await world();
    expect(await searchSegmentsFts(t.db, ada.id, 'churned')).toHaveLength(1);
    expect(await searchSegmentsFts(t.db, ada.id, '"head of sales"')).toHaveLength(1);
    expect(await searchSegmentsFts(t.db, ada.id, '"sales head"')).toHaveLength(0);
    expect(await searchSegmentsFts(t.db, ada.id, 'churn or hire')).toHaveLength(2);
    expect(await searchSegmentsFts(t.db, ada.id, 'pipeline -enterprise')).toHaveLength(0);
  });

  it('never shows meetings of others; a stranger finds nothing', async () => {
    const { ada, eve, m2 } = await world();
    const adaHits = await searchSegmentsFts(t.db, ada.id, 'churn');
    expect(adaHits.map((h) => h.meetingId)).not.toContain(m2.id);
    const eveHits = await searchSegmentsFts(t.db, eve.id, 'churn');
    expect(eveHits.map((h) => h.meetingId)).toEqual([m2.id]);
    const stranger = await createUser(t.db, {
      email: 'x@example.com',
      name: 'X',
      passwordHash: 'x',
    });
    if (!stranger) throw new Error('user');
    expect(await searchSegmentsFts(t.db, stranger.id, 'churn pipeline sales')).toEqual([]);
    // Vector-store ids are re-checked.
    const all = [...adaHits, ...eveHits].map((h) => h.id);
    expect((await segmentsForUser(t.db, ada.id, all)).map((h) => h.meetingId)).not.toContain(m2.id);
    expect(await visibleMeetingIds(t.db, stranger.id)).toEqual([]);
  });

  it('filters by team, type, subject, speaker and date range', async () => {
    const { ada, team } = await world();
    const q = 'churn or pipeline or hire';
    expect(await searchSegmentsFts(t.db, ada.id, q, { teamId: team.id })).toHaveLength(3);
    expect(await searchSegmentsFts(t.db, ada.id, q, { type: 'sales' })).toHaveLength(0);
    expect(await searchSegmentsFts(t.db, ada.id, q, { subject: 'ACME' })).toHaveLength(3);
    expect(await searchSegmentsFts(t.db, ada.id, q, { speaker: 'bob' })).toHaveLength(1);
    const future = new Date(Date.now() + 86_400_000);
    expect(await searchSegmentsFts(t.db, ada.id, q, { from: future })).toHaveLength(0);
    expect(await searchSegmentsFts(t.db, ada.id, q, { to: future })).toHaveLength(3);
  });

  it('odd input is a valid, maybe empty answer: stop words, operators, unicode, 10,000 chars, NUL', async () => {
    const { ada } = await world();
    for (const q of [
      'the of and',
      '"',
      '""',
      '-',
      'or or or',
      '!!! & | :* ( )',
      "'; drop table users; --",
      'churn\u0000',
      '\uD800 churn',
      'привет 你好 🙂',
      'x'.repeat(10_000),
      'churn '.repeat(2000),
      '"churn monthly',
      '-churn',
      '-"monthly churn" -pipeline',
      'churn or or -',
      '"head of" sales" or "',
      'привет churn 你好 🙂 " -',
    ]) {
      for (const sort of ['relevance', 'newest'] as const) {
        for (const oneScanMax of [0, undefined]) {
          const hits = searchSegmentsFts(t.db, ada.id, q, {}, { sort, oneScanMax });
          await expect(hits, `${sort} ${q.slice(0, 30)}`).resolves.toBeInstanceOf(Array);
        }
      }
    }
    expect(await searchSegmentsFts(t.db, ada.id, 'the of and')).toEqual([]);
    expect(await searchSegmentsFts(t.db, ada.id, 'churn\u0000')).toHaveLength(1);
    // A long query is searched by its first words: a pasted paragraph still finds its segment.
    const long = `monthly churn ${'percent '.repeat(30)} zebra`;
    expect(await searchSegmentsFts(t.db, ada.id, long, {}, { sort: 'newest' })).toHaveLength(1);
    expect(await searchSegmentsFts(t.db, ada.id, '-churn', {}, { sort: 'newest' })).toHaveLength(2);
    expect(await searchSegmentsFts(t.db, ada.id, 'привет churn')).toEqual([]);
  });

  it('fuzz: any string is answered without an error', async () => {
    const { ada } = await world();
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'binary', maxLength: 200 }), async (q) => {
        const hits = await searchSegmentsFts(t.db, ada.id, q);
        expect(Array.isArray(hits)).toBe(true);
      }),
      { numRuns: 150 },
    );
  });
});

describe('snippets', () => {
  it('splits markers into parts, tolerating unbalanced ones', () => {
    expect(parseHeadline('a \uE000b\uE001 c')).toEqual([
      { text: 'a ', hit: false },
      { text: 'b', hit: true },
      { text: ' c', hit: false },
    ]);
    expect(parseHeadline('\uE000open')).toEqual([{ text: 'open', hit: true }]);
  });
});

import { describe, expect, it } from 'vitest';
import {
  createMeeting,
  createUser,
  editSummary,
  findSummary,
  revertSummary,
  upsertSummary,
  type SummaryContent,
} from './index.ts';
import { useTestDatabase } from './use-test-database.ts';

const t = useTestDatabase({ truncateEach: true });

const point = (text: string, startMs: number | null = null) => ({
  text,
  segmentId: startMs === null ? null : `seg-${startMs}`,
  startMs,
});
const machine = (n: number): SummaryContent => ({
  overview: `Generated overview ${n}.`,
  keyPoints: [point(`Key point ${n}`, 1000 * n)],
  decisions: [point(`Decision ${n}`, 2000 * n)],
  openQuestions: [],
});

async function setup() {
  const u = await createUser(t.db, { email: 'ada@example.com', name: 'Ada', passwordHash: 'x' });
  if (!u) throw new Error('user not created');
  const m = await createMeeting(t.db, { title: 'Board', type: 'general', ownerId: u.id });
  return { userId: u.id, meetingId: m.id };
}

const shown = async (meetingId: string) => {
  const s = await findSummary(t.db, meetingId);
  return s && { overview: s.overview, keyPoints: s.key_points, decisions: s.decisions };
};

describe('summary edits', () => {
  it("a person's edit survives re-runs, which still refresh the generated version a revert restores", async () => {
    const { userId, meetingId } = await setup();
    await upsertSummary(t.db, { meetingId, run: 1, source: 'extractive', ...machine(1) });
    const edited = await editSummary(
      t.db,
      meetingId,
      {
        overview: 'What we really agreed.',
        keyPoints: [point('Key point 1, reworded', 1000)],
        decisions: [],
        openQuestions: [point('Who pays for the pilot?')],
      },
      userId,
    );
    expect(edited?.edited_by).toBe(userId);
    expect(edited?.edited_at).toBeInstanceOf(Date);

    // A re-run writes its summary: the person's stays on show, the run's is kept aside.
    await upsertSummary(t.db, { meetingId, run: 2, source: 'llm', ...machine(2) });
    expect(await shown(meetingId)).toEqual({
      overview: 'What we really agreed.',
      keyPoints: [point('Key point 1, reworded', 1000)],
      decisions: [],
    });
    const row = await findSummary(t.db, meetingId);
    expect([row?.run, row?.source, row?.machine]).toEqual([2, 'llm', machine(2)]);

    // Reverting shows the latest generated summary and forgets the edit.
    const back = await revertSummary(t.db, meetingId);
    expect([back?.edited_at, back?.edited_by]).toEqual([null, null]);
    expect(await shown(meetingId)).toEqual({
      overview: machine(2).overview,
      keyPoints: machine(2).keyPoints,
      decisions: machine(2).decisions,
    });
    // Not edited any more: the next run replaces it as before.
    await upsertSummary(t.db, { meetingId, run: 3, source: 'llm', ...machine(3) });
    expect((await shown(meetingId))?.overview).toBe('Generated overview 3.');
  });

  it('there is nothing to edit or revert before the pipeline wrote a summary', async () => {
    const { userId, meetingId } = await setup();
    expect(await editSummary(t.db, meetingId, machine(1), userId)).toBeUndefined();
    expect(await revertSummary(t.db, meetingId)).toBeUndefined();
    expect(await findSummary(t.db, meetingId)).toBeUndefined();
  });
});

import { describe, expect, it } from 'vitest';
import { matchFinals, mergeMatches, type SpokenLine } from './match.ts';

const LINES: SpokenLine[] = [
  { text: 'We should discuss the revenue growth', startAt: 1_000, endAt: 3_000 },
  { text: 'The team is planning to hire engineers', startAt: 4_000, endAt: 6_000 },
  { text: 'How much money did you raise', startAt: 7_000, endAt: 8_500 },
];

describe('matching finals to script lines', () => {
  it('goes by text when a late final arrives after the next line’s', () => {
    const r = matchFinals(LINES, [
      // Line 2's final overtakes line 1's (a slow request for line 1).
      { text: 'the team is planning to hire engineers', receivedAt: 6_400 },
      { text: 'we should discuss the revenue growth', receivedAt: 6_900 },
      { text: 'how much money did you raise', receivedAt: 9_000 },
    ]);
    expect(r.latencies).toEqual([3_900, 400, 500]);
    expect(r).toMatchObject({ missed: 0, cut: 0, stray: 0, edits: 0, words: 19 });
  });

  it('counts a line as heard once its last piece arrives, and the words it lost', () => {
    const r = matchFinals(LINES, [
      { text: 'we should discuss', receivedAt: 2_500 },
      { text: 'the revenue', receivedAt: 3_700 },
      { text: 'how much money did you raise', receivedAt: 9_100 },
    ]);
    expect(r.latencies).toEqual([700, 600]);
    expect(r.missed).toBe(1); // line 2: nothing
    expect(r.edits).toBe(1 + 7); // "growth" lost, and all of line 2
  });

  it('counts a line whose only finals came before its end as cut, not heard', () => {
    const r = matchFinals(LINES, [{ text: 'we should discuss the', receivedAt: 2_600 }]);
    expect(r).toMatchObject({ latencies: [], missed: 2, cut: 1 });
  });

  it('does not take another line’s or an unrelated final as a line heard', () => {
    const r = matchFinals(LINES, [
      { text: 'noted', receivedAt: 3_300 },
      { text: 'we should discuss the revenue growth', receivedAt: 25_000 }, // far too late
      { text: 'how much money did you raise', receivedAt: 8_800 },
    ]);
    expect(r.missed).toBe(2);
    expect(r.stray).toBe(2);
    expect(r.latencies).toEqual([300]);
  });

  it('adds speakers up', () => {
    const a = matchFinals(LINES, [{ text: 'how much money did you raise', receivedAt: 9_000 }]);
    const m = mergeMatches([a, a]);
    expect(m).toMatchObject({ missed: 4, cut: 0, stray: 0, words: 38, latencies: [500, 500] });
  });
});

import { describe, expect, it } from 'vitest';
import type { SpokenLine } from './match.ts';
import { firstInterimDelays, onlyWordsOf } from './streaming.ts';

const LINES: SpokenLine[] = [
  { text: 'We should discuss the revenue growth.', startAt: 1_000, endAt: 3_000 },
  { text: 'How much money did you raise?', startAt: 5_000, endAt: 6_500 },
];
const seg = (segmentId: string, text: string, receivedAt: number) => ({
  identity: 'speaker-0',
  segmentId,
  text,
  receivedAt,
});

describe('first captions of a line', () => {
  it('says whether a caption has only words of the line', () => {
    const right = onlyWordsOf('We should discuss the revenue growth.');
    expect(right('we Should discuss')).toBe(true);
    expect(right('we should performance')).toBe(false);
  });

  it('times the first interim, and the first that is right so far', () => {
    const finals = [
      seg('a', 'We should discuss the revenue growth.', 3_500),
      seg('b', 'How much money did you raise?', 7_000),
    ];
    const interims = [
      // Line 1 starts with a guess, replaced 300 ms later; line 2 is right from the start.
      seg('a', 'we should discuss', 2_000),
      seg('a', 'performance', 1_400),
      seg('a', 'we should', 1_700),
      seg('b', 'how much', 5_450),
    ];
    expect(firstInterimDelays(LINES, finals, interims)).toEqual({
      any: [400, 450],
      right: [700, 450],
      wrongFirst: 1,
    });
  });
});

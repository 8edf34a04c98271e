import { describe, expect, it } from 'vitest';
import { talkTime, type TalkLine } from './talk-time.ts';

const line = (who: string, startS: number, endS: number, name = who): TalkLine => ({
  speakerKey: who,
  speakerName: name,
  startMs: startS * 1000,
  endMs: endS * 1000,
});

describe('talk time', () => {
  it('sums each speaker, shares of the total, turns and the longest turn', () => {
    const out = talkTime([
      line('ada', 0, 10),
      line('ada', 11, 20), // same turn: 0–20 s
      line('bob', 21, 26),
      line('ada', 27, 30),
      line('bob', 31, 41),
    ]);
    expect(out).toEqual([
      { key: 'ada', name: 'ada', ms: 22_000, share: 22 / 37, turns: 2, longestTurnMs: 20_000 },
      { key: 'bob', name: 'bob', ms: 15_000, share: 15 / 37, turns: 2, longestTurnMs: 10_000 },
    ]);
  });

  it('orders lines by time first, and takes the latest name of a speaker', () => {
    const out = talkTime([
      line('bob', 10, 12, 'Speaker 2'),
      line('ada', 0, 5),
      line('bob', 20, 22, 'Bruno'),
      line('ada', 13, 15),
    ]);
    expect(out.map((t) => [t.name, t.turns])).toEqual([
      ['ada', 2],
      ['Bruno', 2],
    ]);
  });

  it('counts overlapping speech for each, and nothing for an empty or zero-length transcript', () => {
    const out = talkTime([line('ada', 0, 10), line('bob', 5, 10)]);
    expect(out.map((t) => t.ms)).toEqual([10_000, 5_000]);
    expect(talkTime([])).toEqual([]);
    expect(talkTime([line('ada', 3, 3)])).toEqual([
      { key: 'ada', name: 'ada', ms: 0, share: 0, turns: 1, longestTurnMs: 0 },
    ]);
  });
});

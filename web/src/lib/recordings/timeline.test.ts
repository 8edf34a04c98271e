import { describe, expect, it } from 'vitest';
import { seekKey, speakerAt, speakerTimeline } from './timeline.ts';

const line = (speakerKey: string, startMs: number, endMs: number) => ({
  speakerKey,
  speakerName: speakerKey === 'a' ? 'Ada' : 'Bob',
  startMs,
  endMs,
});

describe('speakerTimeline', () => {
  const lines = [
    line('b', 10_000, 12_000),
    line('a', 0, 4_000),
    line('a', 4_500, 8_000), // under a second after the last: one span
    line('a', 20_000, 30_000),
    line('b', 25_000, 26_000), // talking over Ada
  ];

  it('draws a row per speaker, most talk first, their lines joined into turns', () => {
    const t = speakerTimeline(lines);
    expect(t.lengthMs).toBe(30_000);
    expect(t.rows.map((r) => [r.name, r.spans])).toEqual([
      [
        'Ada',
        [
          { startMs: 0, endMs: 8_000 },
          { startMs: 20_000, endMs: 30_000 },
        ],
      ],
      [
        'Bob',
        [
          { startMs: 10_000, endMs: 12_000 },
          { startMs: 25_000, endMs: 26_000 },
        ],
      ],
    ]);
    expect(t.rows[0]?.share).toBeCloseTo(17.5 / 20.5, 5);
  });

  it('joins nothing with a zero gap allowance, and reaches a longer recording', () => {
    const t = speakerTimeline(lines, { joinGapMs: 0, minLengthMs: 45_000 });
    expect(t.rows[0]?.spans).toHaveLength(3);
    expect(t.lengthMs).toBe(45_000);
    expect(speakerTimeline([]).rows).toEqual([]);
  });

  it('names who speaks at a moment', () => {
    const t = speakerTimeline(lines);
    expect(speakerAt(t, 11_000)).toBe('Bob');
    expect(speakerAt(t, 25_500)).toBe('Ada'); // both: the one who talks most is named
    expect(speakerAt(t, 15_000)).toBeNull();
  });
});

describe('seekKey', () => {
  it('steps 5 s with arrows, a minute with page keys, within the meeting', () => {
    expect(seekKey('ArrowRight', 10_000, 60_000)).toBe(15_000);
    expect(seekKey('ArrowLeft', 3_000, 60_000)).toBe(0);
    expect(seekKey('PageUp', 30_000, 60_000)).toBe(60_000);
    expect(seekKey('PageDown', 90_000, 120_000)).toBe(30_000);
    expect(seekKey('Home', 90_000, 120_000)).toBe(0);
    expect(seekKey('End', 0, 120_000)).toBe(120_000);
    expect(seekKey('a', 0, 120_000)).toBeNull();
  });
});

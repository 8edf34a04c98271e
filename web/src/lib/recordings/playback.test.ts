import { describe, expect, it } from 'vitest';
import {
  isTyping,
  lineIndexAt,
  meetingMsAt,
  PLAYBACK_KEY,
  playerKey,
  readPlaybackPrefs,
  writePlaybackPrefs,
} from './playback.ts';
import { recordingAt } from './types.ts';

const store = (value: string | null) => ({
  getItem: (k: string) => (k === PLAYBACK_KEY ? value : null),
});

describe('playback preferences', () => {
  it('reads what was saved', () => {
    expect(readPlaybackPrefs(store('{"rate":1.5,"follow":false}'))).toEqual({
      rate: 1.5,
      follow: false,
    });
  });

  it('falls back to 1× and following for anything else', () => {
    for (const v of [null, 'garbage', '42', '{"rate":3,"follow":"yes"}', '{"rate":"1.5"}']) {
      expect(readPlaybackPrefs(store(v))).toEqual({ rate: 1, follow: true });
    }
    expect(readPlaybackPrefs(undefined)).toEqual({ rate: 1, follow: true });
    // One bad field keeps the other.
    expect(readPlaybackPrefs(store('{"rate":9,"follow":false}'))).toEqual({
      rate: 1,
      follow: false,
    });
  });

  it('writes them back, and a refusing storage is not an error', () => {
    const saved = new Map<string, string>();
    writePlaybackPrefs({ setItem: (k, v) => saved.set(k, v) }, { rate: 2, follow: true });
    expect(readPlaybackPrefs({ getItem: (k) => saved.get(k) ?? null })).toEqual({
      rate: 2,
      follow: true,
    });
    const refuse = {
      setItem: () => {
        throw new Error('QuotaExceededError');
      },
    };
    expect(() => writePlaybackPrefs(refuse, { rate: 1, follow: true })).not.toThrow();
  });
});

describe('lineIndexAt', () => {
  const lines = [
    { startMs: 1_000, endMs: 3_000 },
    { startMs: 3_500, endMs: 6_000 },
    { startMs: 20_000, endMs: 22_000 },
    { startMs: 21_000, endMs: 21_500 },
  ];

  it('is the line being said', () => {
    expect(lineIndexAt(lines, 1_000)).toBe(0);
    expect(lineIndexAt(lines, 2_999)).toBe(0);
    expect(lineIndexAt(lines, 4_000)).toBe(1);
  });

  it('keeps a line through a short pause, not through a long silence', () => {
    expect(lineIndexAt(lines, 3_200)).toBe(0);
    expect(lineIndexAt(lines, 7_000)).toBe(1);
    expect(lineIndexAt(lines, 7_600)).toBe(-1);
    expect(lineIndexAt(lines, 15_000)).toBe(-1);
    expect(lineIndexAt(lines, 15_000, 10_000)).toBe(1);
  });

  it('is none before the first line, and the later of two overlapping lines', () => {
    expect(lineIndexAt(lines, 999)).toBe(-1);
    expect(lineIndexAt([], 5_000)).toBe(-1);
    expect(lineIndexAt(lines, 21_200)).toBe(3);
    expect(lineIndexAt(lines, 22_500)).toBe(3);
    // The later line is over, the earlier one is still being said.
    expect(lineIndexAt(lines, 23_200)).toBe(2);
    expect(lineIndexAt(lines, 23_600)).toBe(-1);
  });

  it('without ends, a line lasts until the next starts', () => {
    const open = [{ startMs: 0 }, { startMs: 10_000, endMs: null }];
    expect(lineIndexAt(open, 9_999)).toBe(0);
    expect(lineIndexAt(open, 600_000)).toBe(1);
  });
});

describe('meetingMsAt', () => {
  it('is the inverse of recordingAt', () => {
    const r = { offsetMs: 2_000, durationMs: 30_000 };
    for (const ms of [2_000, 14_000, 31_999]) {
      const hit = recordingAt([r], ms);
      expect(hit).not.toBeNull();
      expect(meetingMsAt(r, hit?.seconds ?? NaN)).toBe(ms);
    }
    expect(meetingMsAt({ offsetMs: 2_000 }, 12.3456)).toBe(14_346);
  });
});

describe('playerKey', () => {
  const key = (
    k: string,
    mods: Partial<{ ctrlKey: boolean; altKey: boolean; metaKey: boolean }> = {},
  ) => playerKey({ key: k, ctrlKey: false, altKey: false, metaKey: false, ...mods });

  it('K plays or pauses, J and L move 10 s, in either case', () => {
    expect(key('k')).toBe('toggle');
    expect(key('K')).toBe('toggle');
    expect(key('j')).toBe(-10);
    expect(key('L')).toBe(10);
  });

  it('leaves other keys, and the browser’s and the room’s chords, alone', () => {
    expect(key(' ')).toBeNull();
    expect(key('x')).toBeNull();
    expect(key('k', { ctrlKey: true })).toBeNull();
    expect(key('l', { metaKey: true })).toBeNull();
    expect(key('k', { altKey: true })).toBeNull();
    expect(isTyping(null)).toBe(false);
  });
});

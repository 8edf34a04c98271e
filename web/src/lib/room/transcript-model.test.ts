import { describe, expect, it } from 'vitest';
import {
  MeetingClock,
  PANEL_BG,
  contrastRatio,
  formatOffset,
  historyUpdates,
  mergeLines,
  renameSpeaker,
  speakerColor,
  upsertLine,
  type TranscriptLine,
} from './transcript-model.ts';

const u = (speaker: string, segmentId: string, text: string, final: boolean, startMs = 1) => ({
  speaker,
  segmentId,
  text,
  final,
  speakerName: speaker.toUpperCase(),
  startMs,
});

const texts = (lines: readonly TranscriptLine[]) => lines.map((l) => l.text);

describe('upsertLine', () => {
  it('replaces interim text in place and finalises the line', () => {
    let lines = upsertLine([], u('a', 's1', 'hel', false));
    lines = upsertLine(lines, u('a', 's1', 'hello', false));
    expect(lines).toHaveLength(1);
    lines = upsertLine(lines, u('a', 's1', 'Hello.', true));
    expect(lines).toMatchObject([{ text: 'Hello.', final: true }]);
    // A late interim never downgrades a final line.
    const same = upsertLine(lines, u('a', 's1', 'hell', false));
    expect(same).toBe(lines);
  });

  it('keys lines by speaker and segment id', () => {
    let lines = upsertLine([], u('a', 's1', 'from a', false, 10));
    lines = upsertLine(lines, u('b', 's1', 'from b', false, 20));
    lines = upsertLine(lines, u('a', 's2', 'a again', false, 30));
    expect(lines.map((l) => [l.speaker, l.text])).toEqual([
      ['a', 'from a'],
      ['b', 'from b'],
      ['a', 'a again'],
    ]);
  });

  it("turns a room mic's interim into its first voice's final, in place", () => {
    let lines = upsertLine([], u('room', 's1', 'we agreed did', false));
    const voice = (n: number, seg: string, text: string) => ({
      ...u(`room#${n}`, seg, text, true),
      identity: 'room',
      speakerName: `Room · Speaker ${n}`,
    });
    lines = upsertLine(lines, voice(1, 's1', 'We agreed.'));
    lines = upsertLine(lines, voice(2, 's1.2', 'Did we?'));
    expect(lines.map((l) => [l.speaker, l.speakerName, l.text, l.final])).toEqual([
      ['room#1', 'Room · Speaker 1', 'We agreed.', true],
      ['room#2', 'Room · Speaker 2', 'Did we?', true],
    ]);
    // Naming a voice relabels its lines only.
    const named = renameSpeaker(lines, 'room#2', 'Bruno');
    expect(named.map((l) => l.speakerName)).toEqual(['Room · Speaker 1', 'Bruno']);
  });

  it('orders lines by start time, ties in arrival order', () => {
    const lines = mergeLines(
      [],
      [
        u('a', 's3', 'third', true, 3000),
        u('b', 's1', 'first', true, 1000),
        u('c', 's2', 'second (c)', true, 2000),
        u('d', 's2', 'second (d)', false, 2000),
      ],
    );
    expect(texts(lines)).toEqual(['first', 'second (c)', 'second (d)', 'third']);
  });

  it("moves a line when its final carries an earlier start than the interim's estimate", () => {
    let lines = upsertLine([], u('b', 'sb', 'b talks', true, 1500));
    lines = upsertLine(lines, u('a', 'sa', 'a star', false, 2000));
    expect(texts(lines)).toEqual(['b talks', 'a star']);
    lines = upsertLine(lines, u('a', 'sa', 'a started first', true, 1000));
    expect(texts(lines)).toEqual(['a started first', 'b talks']);
    // Interims keep the first estimate rather than jumping around.
    lines = upsertLine(lines, u('c', 'sc', 'c', false, 5000));
    lines = upsertLine(lines, u('c', 'sc', 'c more', false, 9000));
    expect(lines.at(-1)).toMatchObject({ text: 'c more', startMs: 5000 });
  });

  it('drops the oldest lines beyond the limit', () => {
    const lines = mergeLines(
      [],
      Array.from({ length: 5 }, (_, i) => u('a', `s${i}`, `t${i}`, true, i)),
      3,
    );
    expect(texts(lines)).toEqual(['t2', 't3', 't4']);
  });

  it('returns the same list when nothing changed', () => {
    const lines = upsertLine([], u('a', 's1', 'x', true));
    expect(upsertLine(lines, u('a', 's1', 'x', true))).toBe(lines);
  });
});

describe('history and live merge', () => {
  const history = historyUpdates([
    { segmentId: 'TR_A-1000', speaker: 'a', speakerName: 'Ada', text: 'One.', startMs: 1000 },
    { segmentId: 'TR_B-2000', speaker: 'b', speakerName: 'Bob', text: 'Two.', startMs: 2000 },
  ]);

  it('shows stored segments as finals and merges live lines without duplicates', () => {
    let lines = mergeLines([], history);
    expect(lines.every((l) => l.final)).toBe(true);
    // The agent re-publishes a stored final, an interim for it arrives late, and new speech.
    lines = upsertLine(lines, { ...u('b', 'TR_B-2000', 'Two.', true, 2000), speakerName: 'Bob' });
    lines = upsertLine(lines, u('a', 'TR_A-1000', 'On', false, 1000));
    lines = upsertLine(lines, u('a', 'TR_A-3000', 'Three', false, 3100));
    lines = upsertLine(lines, u('a', 'TR_A-3000', 'Three.', true, 3000));
    expect(texts(lines)).toEqual(['One.', 'Two.', 'Three.']);
    expect(new Set(lines.map((l) => l.key)).size).toBe(lines.length);
  });

  it('merges history into lines that arrived first', () => {
    let lines = upsertLine([], u('b', 'TR_B-2000', 'Tw', false, 2400));
    lines = upsertLine(lines, u('a', 'TR_A-5000', 'Later', true, 5000));
    lines = mergeLines(lines, history);
    expect(texts(lines)).toEqual(['One.', 'Two.', 'Later']);
    expect(lines.find((l) => l.speaker === 'b')).toMatchObject({ final: true, startMs: 2000 });
  });

  it('renames a speaker on every line', () => {
    const lines = renameSpeaker(mergeLines([], history), 'a', 'Ada L.');
    expect(lines.map((l) => l.speakerName)).toEqual(['Ada L.', 'Bob']);
  });
});

describe('formatOffset', () => {
  it('formats ms from the meeting start as HH:MM:SS', () => {
    expect(formatOffset(0)).toBe('00:00:00');
    expect(formatOffset(999)).toBe('00:00:00');
    expect(formatOffset(61_500)).toBe('00:01:01');
    expect(formatOffset(3_723_000)).toBe('01:02:03');
    expect(formatOffset(100 * 3_600_000)).toBe('100:00:00');
    expect(formatOffset(-5)).toBe('00:00:00');
    expect(formatOffset(Number.NaN)).toBe('00:00:00');
  });
});

describe('MeetingClock', () => {
  it('times lines from the stored start', () => {
    const c = new MeetingClock('2026-01-01T00:00:00.000Z', 0);
    expect(c.offset(Date.parse('2026-01-01T00:01:00.000Z'))).toBe(60_000);
    c.observeFinal(1000, Date.parse('2026-01-01T00:05:00.000Z'));
    expect(c.offset(Date.parse('2026-01-01T00:01:00.000Z'))).toBe(60_000);
  });

  it('estimates the start when unknown, then corrects it from the first final', () => {
    const c = new MeetingClock(null, 10_000);
    expect(c.offset(12_000)).toBe(2000);
    c.observeFinal(5_000, 20_000);
    expect(c.offset(21_000)).toBe(6_000);
  });
});

describe('speakerColor', () => {
  const ids = Array.from({ length: 400 }, (_, i) => `user-${i}-${(i * 7919).toString(36)}`);

  it('is stable per identity and spreads across speakers', () => {
    expect(speakerColor('3f2a-ada')).toEqual(speakerColor('3f2a-ada'));
    const distinct = new Set(ids.map((id) => speakerColor(id).light));
    expect(distinct.size).toBeGreaterThan(100);
  });

  it('meets WCAG AA on the panel background in light and dark themes', () => {
    for (const id of ids) {
      const c = speakerColor(id);
      expect(contrastRatio(c.light, PANEL_BG.light)).toBeGreaterThanOrEqual(4.5);
      expect(contrastRatio(c.dark, PANEL_BG.dark)).toBeGreaterThanOrEqual(4.5);
    }
  });

  it('computes contrast ratios', () => {
    expect(contrastRatio('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrastRatio('#777777', '#ffffff')).toBeCloseTo(4.48, 2);
  });
});

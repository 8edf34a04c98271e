import { describe, expect, it } from 'vitest';
import { SpeakerNumbering, speakerRuns } from './speaker-runs.ts';

const w = (text: string, speakerId: string | null, startTime: number, endTime: number) => ({
  text,
  speakerId,
  startTime,
  endTime,
});

describe('speakerRuns', () => {
  it('keeps an utterance whole when no word has a speaker', () => {
    expect(speakerRuns([w('hello', null, 0, 0.5), w('there', null, 0.5, 1)])).toBeNull();
    expect(speakerRuns([])).toBeNull();
  });

  it('splits at each change of speaker, with the runs’ share of the span', () => {
    const runs = speakerRuns([
      w('We', '0', 1, 1.5),
      w('agreed.', '0', 1.5, 2),
      w('Did', '1', 2, 2.5),
      w('we?', '1', 2.5, 3),
      w('Yes.', '0', 3, 5),
    ]);
    expect(runs).toEqual([
      { speaker: '0', text: 'We agreed.', from: 0, to: 0.25 },
      { speaker: '1', text: 'Did we?', from: 0.25, to: 0.5 },
      { speaker: '0', text: 'Yes.', from: 0.5, to: 1 },
    ]);
  });

  it('gives a word without a label to the run it is in, and shares by count without times', () => {
    const runs = speakerRuns([
      { text: 'one', speakerId: '3' },
      { text: 'two', speakerId: null },
      { text: 'three', speakerId: '5' },
      { text: ' ', speakerId: '9' },
    ]);
    expect(runs?.map((r) => [r.speaker, r.text])).toEqual([
      ['3', 'one two'],
      ['5', 'three'],
    ]);
    expect(runs?.[1]?.from).toBeCloseTo(2 / 3);
  });
});

describe('SpeakerNumbering', () => {
  it('numbers voices in order of first appearance, whatever the provider calls them', () => {
    const n = new SpeakerNumbering();
    expect(n.numberOf('7')).toBe(1);
    expect(n.numberOf('2')).toBe(2);
    expect(n.numberOf('7')).toBe(1);
    expect(n.numberOf('0')).toBe(3);
  });
});

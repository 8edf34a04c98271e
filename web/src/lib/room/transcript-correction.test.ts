import type { ApiTranscriptSegment } from '@parley/protocol';
import { describe, expect, it } from 'vitest';
import { applyCorrection, mergeLines, upsertLine } from './transcript-model.ts';

const stored = (segmentId: string, speaker: string, text: string, startMs: number) => ({
  segmentId,
  speaker,
  speakerName: speaker.toUpperCase(),
  text,
  final: true,
  startMs,
});
const api = (s: Partial<ApiTranscriptSegment> & { segmentId: string }): ApiTranscriptSegment => ({
  speakerKey: 'a',
  speakerIdentity: 'a',
  speakerName: 'A',
  text: '',
  startMs: 0,
  endMs: 0,
  version: 2,
  ...s,
});

describe('applyCorrection (the room)', () => {
  const lines = mergeLines(
    [],
    [stored('s1', 'a', 'helo', 0), stored('s2', 'a', 'world', 1000), stored('s3', 'b', 'hi', 2000)],
  );

  it('replaces a final, removes a merged line, adds a split one, renames a speaker', () => {
    const out = applyCorrection(lines, {
      segments: [
        api({ segmentId: 's1', text: 'hello world', startMs: 0 }),
        api({
          segmentId: 's3.s1',
          speakerKey: 'b',
          speakerIdentity: 'b',
          text: 'x',
          startMs: 2500,
          version: 1,
        }),
      ],
      removed: [{ segmentId: 's2', speakerIdentity: 'a' }],
      speakers: [{ speakerKey: 'b', name: 'Bea' }],
    });
    expect(out.map((l) => [l.segmentId, l.text, l.speakerName, l.version])).toEqual([
      ['s1', 'hello world', 'A', 2],
      ['s3', 'hi', 'Bea', undefined],
      ['s3.s1', 'x', 'Bea', 1],
    ]);
  });

  it('a corrected line is not overwritten by the agent’s text of it', () => {
    const fixed = applyCorrection(lines, {
      segments: [api({ segmentId: 's1', text: 'hello' })],
      removed: [],
      speakers: [],
    });
    const again = upsertLine(fixed, stored('s1', 'a', 'helo', 0));
    expect(again.find((l) => l.segmentId === 's1')?.text).toBe('hello');
    // A newer correction still applies.
    const newer = applyCorrection(again, {
      segments: [api({ segmentId: 's1', text: 'Hello!', version: 3 })],
      removed: [],
      speakers: [],
    });
    expect(newer.find((l) => l.segmentId === 's1')?.text).toBe('Hello!');
  });
});

describe('applyCorrection of lines this page never showed', () => {
  it('adds nothing (a guest who joined later gets no older lines this way)', () => {
    const lines = mergeLines([], [stored('s1', 'a', 'mine', 0)]);
    const out = applyCorrection(lines, {
      segments: [api({ segmentId: 'old', text: 'earlier words' })],
      removed: [],
      speakers: [],
    });
    expect(out).toBe(lines);
  });
});

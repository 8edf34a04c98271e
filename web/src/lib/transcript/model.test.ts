import type { ApiTranscriptSegment } from '@parley/protocol';
import { describe, expect, it } from 'vitest';
import { applyChange, describeEdit, mergeableNext } from './model.ts';

const seg = (id: string, startMs: number, key = 'a', text = id): ApiTranscriptSegment => ({
  segmentId: id,
  speakerKey: key,
  speakerIdentity: key,
  speakerName: key.toUpperCase(),
  text,
  startMs,
  endMs: startMs + 1000,
  version: 1,
});

describe('applyChange', () => {
  const lines = [seg('s1', 0), seg('s2', 2000, 'b'), seg('s3', 4000)];

  it('replaces, adds in speaking order, removes and renames', () => {
    const out = applyChange(lines, {
      segments: [{ ...seg('s1', 0), text: 'fixed', version: 2 }, seg('s1.s1', 1000, 'a', 'tail')],
      removed: [{ segmentId: 's3', speakerIdentity: 'a' }],
      speakers: [{ speakerKey: 'b', name: 'Bea' }],
    });
    expect(out.map((s) => [s.segmentId, s.text, s.speakerName])).toEqual([
      ['s1', 'fixed', 'A'],
      ['s1.s1', 'tail', 'A'],
      ['s2', 's2', 'Bea'],
    ]);
    // The input is left alone.
    expect(lines).toHaveLength(3);
  });

  it('merges only the same speaker’s next line', () => {
    expect(mergeableNext(lines, 0)).toBeNull();
    expect(mergeableNext([seg('x', 0), seg('y', 1)], 0)?.segmentId).toBe('y');
    expect(mergeableNext(lines, 2)).toBeNull();
  });

  it('describes edits in words', () => {
    expect(describeEdit({ kind: 'text', before: { text: 'a' }, after: { text: 'b' } })).toBe(
      '“a” → “b”',
    );
    expect(describeEdit({ kind: 'speaker', before: { name: 'Bob' }, after: { name: 'Ro' } })).toBe(
      'speaker renamed: Bob → Ro',
    );
  });
});

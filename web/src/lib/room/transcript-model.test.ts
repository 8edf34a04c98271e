import { describe, expect, it } from 'vitest';
import {
  applyUpdate,
  parseTranscriptionAttributes,
  type TranscriptLine,
} from './transcript-model.ts';

const u = (speaker: string, segmentId: string, text: string, final: boolean) => ({
  speaker,
  segmentId,
  text,
  final,
  speakerName: speaker.toUpperCase(),
  at: 1,
});

describe('applyUpdate', () => {
  it('updates interim lines in place and finalises them', () => {
    const lines: TranscriptLine[] = [];
    const index = new Map<string, number>();
    applyUpdate(lines, index, u('a', 's1', 'hel', false));
    applyUpdate(lines, index, u('a', 's1', 'hello', false));
    expect(lines).toHaveLength(1);
    applyUpdate(lines, index, u('a', 's1', 'Hello.', true));
    expect(lines).toMatchObject([{ text: 'Hello.', final: true }]);
    // A late interim never downgrades a final line.
    applyUpdate(lines, index, u('a', 's1', 'hell', false));
    expect(lines).toMatchObject([{ text: 'Hello.', final: true }]);
  });

  it('keeps speakers apart even with the same segment id', () => {
    const lines: TranscriptLine[] = [];
    const index = new Map<string, number>();
    applyUpdate(lines, index, u('a', 's1', 'from a', false));
    applyUpdate(lines, index, u('b', 's1', 'from b', false));
    applyUpdate(lines, index, u('a', 's2', 'a again', false));
    expect(lines.map((l) => [l.speaker, l.text])).toEqual([
      ['a', 'from a'],
      ['b', 'from b'],
      ['a', 'a again'],
    ]);
  });
});

describe('parseTranscriptionAttributes', () => {
  it('reads LiveKit attributes', () => {
    expect(
      parseTranscriptionAttributes(
        {
          'lk.segment_id': 'SG_1',
          'lk.transcription_final': 'true',
          'lk.transcribed_track_id': 'TR',
        },
        'stream',
      ),
    ).toEqual({ segmentId: 'SG_1', final: true, trackId: 'TR' });
    expect(parseTranscriptionAttributes(undefined, 'stream')).toEqual({
      segmentId: 'stream',
      final: false,
      trackId: null,
    });
  });
});

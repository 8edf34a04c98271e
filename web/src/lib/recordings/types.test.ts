import { describe, expect, it } from 'vitest';
import type { ApiRecording } from '@parley/protocol';
import { recordedUntil, recordingAt } from './types.ts';

const rec = (id: string, offsetMs: number, durationMs: number | null, status = 'completed') =>
  ({
    id,
    mode: 'agent',
    status,
    startedAt: '2026-11-22T09:00:00.000Z',
    endedAt: null,
    durationMs,
    sizeBytes: null,
    error: null,
    offsetMs,
  }) as ApiRecording;

describe('recordingAt (click a transcript line to seek)', () => {
  it('maps a meeting moment to the recording covering it and the position in it', () => {
    const list = [rec('a', 2_000, 60_000), rec('b', 120_000, 30_000)];
    expect(recordingAt(list, 12_000)).toEqual({ recording: list[0], seconds: 10 });
    expect(recordingAt(list, 125_500)).toEqual({ recording: list[1], seconds: 5.5 });
    // Just before a recording starts (speech began as it started): its beginning.
    expect(recordingAt(list, 1_500)).toEqual({ recording: list[0], seconds: 0 });
    // A gap between recordings, and a failed recording, cover nothing.
    expect(recordingAt(list, 90_000)).toBeNull();
    expect(recordingAt([rec('f', 0, 60_000, 'failed')], 1_000)).toBeNull();
  });

  it('prefers the later of overlapping recordings (a restart after the switch was toggled)', () => {
    const list = [rec('a', 0, null), rec('b', 50_000, 10_000)];
    expect(recordingAt(list, 55_000)?.recording.id).toBe('b');
    expect(recordingAt(list, 70_000)?.recording.id).toBe('a');
  });
});

describe('recordedUntil', () => {
  it('is where the last finished recording ends', () => {
    expect(recordedUntil([])).toBe(0);
    expect(
      recordedUntil([rec('a', 2_000, 30_000), rec('b', 40_000, 5_000), rec('c', 0, null)]),
    ).toBe(45_000);
    // One still being made, or failed, does not count; a list without states is all finished.
    expect(recordedUntil([rec('a', 2_000, 30_000), rec('b', 60_000, 9_000, 'recording')])).toBe(
      32_000,
    );
    expect(recordedUntil([{ offsetMs: 1_000, durationMs: 2_000 }])).toBe(3_000);
  });
});

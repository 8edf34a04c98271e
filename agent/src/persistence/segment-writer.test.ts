import type { NewTranscriptSegment } from '@parley/db';
import { describe, expect, it } from 'vitest';
import { SegmentWriter } from './segment-writer.ts';

const seg = (id: string): NewTranscriptSegment => ({
  meeting_id: '00000000-0000-0000-0000-000000000000',
  segment_id: id,
  speaker_identity: 'u',
  speaker_name: 'U',
  track_id: 'TR',
  text: 'hello',
  start_ms: 0,
  end_ms: 1,
  spoken_at: new Date(),
});

describe('SegmentWriter', () => {
  it('batches segments', async () => {
    const batches: string[][] = [];
    const w = new SegmentWriter(
      (s) => {
        batches.push(s.map((x) => x.segment_id));
        return Promise.resolve(s.length);
      },
      { batchDelayMs: 5 },
    );
    await Promise.all([w.add(seg('a')), w.add(seg('b')), w.add(seg('c'))]);
    expect(batches).toEqual([['a', 'b', 'c']]);
  });

  it('keeps segments while the database fails and writes them when it is back', async () => {
    let failing = true;
    const stored: string[] = [];
    const errors: number[] = [];
    const w = new SegmentWriter(
      (s) => {
        if (failing) return Promise.reject(new Error('connection refused'));
        stored.push(...s.map((x) => x.segment_id));
        return Promise.resolve(s.length);
      },
      { batchDelayMs: 1, retryDelayMs: 5, maxRetryDelayMs: 20 },
      { onError: (_e, n) => errors.push(n) },
    );
    const done = Promise.all([w.add(seg('a')), w.add(seg('b'))]);
    await new Promise((r) => setTimeout(r, 60));
    expect(stored).toEqual([]);
    expect(w.pending).toBe(2);
    expect(errors.length).toBeGreaterThan(1);
    failing = false;
    await done;
    expect(stored).toEqual(['a', 'b']);
    expect(w.pending).toBe(0);
  });

  it('reports what it could not write on close', async () => {
    const w = new SegmentWriter(() => Promise.reject(new Error('down')), {
      batchDelayMs: 1,
      retryDelayMs: 5,
    });
    void w.add(seg('x'));
    expect(await w.close(50)).toBe(1);
  });
});

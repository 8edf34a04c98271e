import { describe, expect, it } from 'vitest';
import { rms, SilenceGate } from './silence-gate.ts';

const FRAME_MS = 32;
const frame = (amplitude: number) =>
  Int16Array.from({ length: 512 }, (_, i) => Math.round(amplitude * Math.sin(i / 3)));
const quiet = frame(0);
const loud = frame(3000);

/** Feeds frames (q: quiet, L: loud) and returns, per frame, how many came out. */
function run(pattern: string, opts = {}, busyAt: (i: number) => boolean = () => false) {
  const gate = new SilenceGate<number>({ hangoverMs: 96, prerollMs: 64, ...opts });
  return {
    out: [...pattern].map(
      (c, i) =>
        gate.push(i, c === 'L' ? loud : quiet, FRAME_MS, 1000 + i * FRAME_MS, busyAt(i)).length,
    ),
    gate,
  };
}

describe('SilenceGate', () => {
  it('measures RMS on the 16-bit scale', () => {
    expect(rms(quiet)).toBe(0);
    expect(rms(Int16Array.from([3, -3, 3, -3]))).toBe(3);
    expect(rms(new Int16Array(0))).toBe(0);
  });

  it('holds silence, opens on sound with a pre-roll, stays open for the hangover', () => {
    // 4 quiet (held; the 64 ms pre-roll keeps the last 2), loud opens with 2 + 1, quiet frames
    // pass while less than 96 ms of quiet has gone by, then it closes and holds again.
    const { out, gate } = run('qqqqLqqqqq');
    expect(out).toEqual([0, 0, 0, 0, 3, 1, 1, 0, 0, 0]);
    expect(gate.counts).toEqual({ passed: 5, dropped: 3 });
  });

  it('passes everything while the consumer is inside an utterance', () => {
    const { out } = run('Lqqqqqq', {}, (i) => i <= 5);
    expect(out).toEqual([1, 1, 1, 1, 1, 1, 0]);
  });

  it('sends the pre-roll frames in order with their own arrival times', () => {
    const gate = new SilenceGate<number>({ hangoverMs: 96, prerollMs: 64 });
    gate.push(0, quiet, FRAME_MS, 1000, false);
    gate.push(1, quiet, FRAME_MS, 1032, false);
    gate.push(2, quiet, FRAME_MS, 1064, false);
    const out = gate.push(3, loud, FRAME_MS, 1096, false);
    expect(out.map((f) => [f.frame, f.at])).toEqual([
      [1, 1032],
      [2, 1064],
      [3, 1096],
    ]);
  });

  it('is a pass-through with threshold 0', () => {
    expect(run('qqqq', { thresholdRms: 0 }).out).toEqual([1, 1, 1, 1]);
  });

  it('treats a quiet room (below −55 dBFS) as silence and quiet speech as sound', () => {
    const gate = new SilenceGate<number>();
    expect(gate.push(0, frame(40), FRAME_MS, 0, false)).toHaveLength(0); // RMS ≈ 28
    expect(gate.push(1, frame(300), FRAME_MS, 32, false).length).toBeGreaterThan(0); // ≈ −44 dBFS
  });
});

import { describe, expect, it } from 'vitest';
import { TimelineMixer } from './mixer.ts';

const SR = 16_000;
const FRAME = 512; // 32 ms, as the STT pipelines decode

function tone(n: number, value: number): Int16Array {
  return new Int16Array(n).fill(value);
}

/** Index ranges where the signal is non-zero. */
function spans(pcm: Int16Array): [number, number][] {
  const out: [number, number][] = [];
  let start = -1;
  for (let i = 0; i <= pcm.length; i++) {
    const on = i < pcm.length && pcm[i] !== 0;
    if (on && start < 0) start = i;
    if (!on && start >= 0) {
      out.push([start, i]);
      start = -1;
    }
  }
  return out;
}

describe('TimelineMixer', () => {
  it('puts each track where it was heard, with silence between, as long as the wall clock', () => {
    const origin = 1_000_000;
    const m = new TimelineMixer(origin);
    // Ada speaks 1.0–1.512 s, Bob 3.0–3.512 s (frames end at the push time).
    for (let i = 1; i <= 16; i++) m.push('ada', tone(FRAME, 1000), origin + 1000 + i * 32);
    for (let i = 1; i <= 16; i++) m.push('bob', tone(FRAME, 2000), origin + 3000 + i * 32);
    const out = [m.drain(origin + 2000), m.finish(origin + 5000)];
    const pcm = new Int16Array(out.reduce((n, a) => n + a.length, 0));
    let at = 0;
    for (const a of out) {
      pcm.set(a, at);
      at += a.length;
    }
    expect(pcm.length).toBe(5 * SR);
    expect(m.writtenMs).toBe(5000);
    const s = spans(pcm);
    expect(s).toHaveLength(2);
    const [a, b] = s;
    expect(Math.abs((a?.[0] ?? 0) - 1.032 * SR + FRAME)).toBeLessThanOrEqual(1);
    expect((a?.[1] ?? 0) - (a?.[0] ?? 0)).toBe(16 * FRAME);
    expect(Math.abs((b?.[0] ?? 0) - 3.032 * SR + FRAME)).toBeLessThanOrEqual(1);
    expect(pcm[(a?.[0] ?? 0) + 1]).toBe(1000);
    expect(pcm[(b?.[0] ?? 0) + 1]).toBe(2000);
  });

  it('keeps a track continuous through jitter and re-anchors it after a gap (a mute)', () => {
    const origin = 0;
    const m = new TimelineMixer(origin);
    // Frames arrive with ±40 ms jitter: still back to back.
    const jitter = [0, 40, -30, 10, 35, -40, 0, 20];
    jitter.forEach((j, i) => m.push('ada', tone(FRAME, 100), 1000 + (i + 1) * 32 + j));
    // Then 2 s of nothing (muted), and speech again.
    m.push('ada', tone(FRAME, 100), 1000 + 8 * 32 + 2000 + 32);
    const s = spans(m.finish(5000));
    expect(s).toHaveLength(2);
    expect((s[0]?.[1] ?? 0) - (s[0]?.[0] ?? 0)).toBe(8 * FRAME);
    const resumedAt = ((1000 + 8 * 32 + 2000) * SR) / 1000;
    expect(Math.abs((s[1]?.[0] ?? 0) - resumedAt)).toBeLessThanOrEqual(1);
  });

  it('sums overlapping speakers and clips instead of wrapping', () => {
    const m = new TimelineMixer(0);
    m.push('a', tone(FRAME, 30_000), 1032);
    m.push('b', tone(FRAME, 30_000), 1032);
    m.push('c', tone(FRAME, -1000), 2032);
    m.push('d', tone(FRAME, -32_000), 2032);
    const pcm = m.finish(3000);
    const at1 = (1000 * SR) / 1000;
    const at2 = (2000 * SR) / 1000;
    expect(pcm[at1 + 10]).toBe(32767);
    expect(pcm[at2 + 10]).toBe(-32768);
  });

  it('drops audio for positions already written, and counts it', () => {
    const m = new TimelineMixer(0, { latencyMs: 500 });
    expect(m.drain(3000).length).toBe(2.5 * SR);
    // A frame heard at 1.0 s arriving now (placed by its arrival: a new track) is fine …
    m.push('late', tone(FRAME, 5), 3000);
    // … but one placed in the written past by continuity is dropped.
    const m2 = new TimelineMixer(0, { latencyMs: 0 });
    m2.push('x', tone(FRAME, 5), 1032);
    m2.drain(1040);
    m2.push('x', tone(FRAME, 5), 1040);
    expect(m2.droppedSamples).toBeGreaterThan(0);
    expect(m.droppedSamples).toBe(0);
  });

  it('writes nothing twice: drain then finish covers the timeline exactly once', () => {
    const m = new TimelineMixer(0);
    let total = 0;
    for (let t = 100; t <= 10_000; t += 100) total += m.drain(t).length;
    total += m.finish(10_000).length;
    expect(total).toBe(10 * SR);
    expect(m.finish(10_000).length).toBe(0);
  });
});

import { describe, expect, it } from 'vitest';
import { mixAtSnr, spanPower } from './render.ts';

const RATE = 16_000;
const tone = (n: number, amplitude: number) =>
  Int16Array.from({ length: n }, (_, i) => Math.round(amplitude * Math.sin(i / 5)));
const power = (a: Int16Array) => a.reduce((s, v) => s + v * v, 0) / a.length;

describe('meeting-room rendering', () => {
  it('measures power over the given spans only', () => {
    const pcm = new Int16Array(RATE * 2);
    pcm.fill(100, 0, RATE); // first second at 100, second second silent
    expect(spanPower(pcm, [{ startMs: 0, endMs: 1000 }])).toBe(10_000);
    expect(spanPower(pcm, [{ startMs: 0, endMs: 2000 }])).toBe(5_000);
    expect(spanPower(pcm, [])).toBe(0);
  });

  it('adds noise at the asked SNR over the speech, then applies the gain', () => {
    const speech = new Int16Array(RATE * 2);
    speech.set(tone(RATE, 3000), RATE / 2); // speech from 0.5 s to 1.5 s
    const noise = Int16Array.from({ length: RATE * 2 }, (_, i) => ((i * 7919) % 2001) - 1000);
    const spans = [{ startMs: 500, endMs: 1500 }];
    const mixed = mixAtSnr(speech, noise, spans, 18, -6);
    // Noise alone where there is no speech; its power against the speech's is 18 dB lower,
    // both 6 dB down.
    const g = 10 ** (-6 / 20);
    const noiseOut = power(mixed.subarray(0, RATE / 2));
    const speechOut = spanPower(speech, spans) * g * g;
    expect(10 * Math.log10(speechOut / noiseOut)).toBeCloseTo(18, 0);
    expect(mixed.length).toBe(speech.length);
  });

  it('clips to 16 bits instead of wrapping', () => {
    const loud = new Int16Array(100).fill(30_000);
    const mixed = mixAtSnr(
      loud,
      new Int16Array(100).fill(30_000),
      [{ startMs: 0, endMs: 6 }],
      0,
      6,
    );
    expect(Math.min(...mixed)).toBe(32_767);
  });
});

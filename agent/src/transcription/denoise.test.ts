import { describe, expect, it } from 'vitest';
import { DENOISE_FRAME, Denoiser, SnrTracker } from './denoise.ts';

const RATE = 16_000;
/**
 * Deterministic white noise (uniform, so its RMS is noise/√3) plus, from `toneFrom` seconds on,
 * 400 Hz tone bursts of amplitude `tone` (200 ms on, 200 ms off: they come and go like
 * syllables, where steady noise does not).
 */
function signal(seconds: number, noise: number, tone: number, toneFrom = 0): Int16Array {
  let seed = 1;
  const rnd = () => ((seed = (seed * 1_103_515_245 + 12_345) & 0x7fffffff) / 0x7fffffff) * 2 - 1;
  const on = (i: number) => i >= toneFrom * RATE && Math.floor(i / (0.2 * RATE)) % 2 === 0;
  return Int16Array.from({ length: seconds * RATE }, (_, i) =>
    Math.round(rnd() * noise + (on(i) ? tone * Math.sin((2 * Math.PI * 400 * i) / RATE) : 0)),
  );
}
const rms = (a: Int16Array, from: number, to: number) => {
  let s = 0;
  for (let i = from * RATE; i < to * RATE; i++) s += (a[i] ?? 0) ** 2;
  return Math.sqrt(s / ((to - from) * RATE));
};
const db = (ratio: number) => 20 * Math.log10(ratio);

function run(d: Denoiser, pcm: Int16Array, chunk = 512): Int16Array {
  const out: number[] = [];
  for (let i = 0; i < pcm.length; i += chunk) out.push(...d.process(pcm.subarray(i, i + chunk)));
  return Int16Array.from(out);
}

function track(pcm: Int16Array): SnrTracker {
  const t = new SnrTracker();
  for (let i = 0; i + DENOISE_FRAME <= pcm.length; i += DENOISE_FRAME) {
    t.push(pcm.subarray(i, i + DENOISE_FRAME));
  }
  return t;
}

describe('SnrTracker', () => {
  it('measures speech over the noise floor', () => {
    // Noise RMS 1000/√3 ≈ 577; bursts 6000/√2 ≈ 4243 over it: ≈ 17.4 dB.
    const t = track(signal(8, 1000, 6000));
    // The quietest 16 ms frame of noise is a little under its mean power.
    expect(Math.abs(t.floorDb - db(577 / 32768))).toBeLessThan(1.5);
    expect(t.snrDb).toBeGreaterThan(16);
    expect(t.snrDb).toBeLessThan(19);
  });

  it('knows nothing before it has heard a floor window and a second of speech', () => {
    expect(track(signal(2, 1000, 6000)).snrDb).toBe(Number.POSITIVE_INFINITY);
    // Noise alone: no speech, no SNR.
    expect(track(signal(8, 1000, 0)).snrDb).toBe(Number.POSITIVE_INFINITY);
  });

  it('takes speech over digital silence as infinitely clean', () => {
    const t = track(signal(8, 0, 6000));
    expect(t.floorDb).toBe(Number.NEGATIVE_INFINITY);
    expect(t.snrDb).toBe(Number.POSITIVE_INFINITY);
  });
});

describe('Denoiser (speexdsp)', () => {
  it('takes steady noise down by 10 dB or more and leaves bursts of tone within 1 dB', () => {
    const d = new Denoiser({ suppressDb: -15, maxSnrDb: Number.POSITIVE_INFINITY });
    const x = signal(4, 1000, 6000, 2);
    const y = run(d, x);
    d.close();
    expect(db(rms(y, 1, 2) / rms(x, 1, 2))).toBeLessThan(-10);
    // A burst from 3.2 s to 3.4 s.
    expect(Math.abs(db(rms(y, 3.22, 3.38) / rms(x, 3.22, 3.38)))).toBeLessThan(1);
  });

  it('denoises a noisy stream once its SNR is known to be below maxSnrDb', () => {
    const d = new Denoiser({ maxSnrDb: 24 });
    // ≈ 17 dB SNR: as it came until the tracker knows (4 s window + 1 s of speech), then
    // denoised (the quiet halves of the bursts are noise alone).
    const x = signal(10, 1000, 6000);
    const y = run(d, x);
    d.close();
    expect(y.subarray(0, 3 * RATE)).toEqual(x.subarray(0, 3 * RATE));
    expect(db(rms(y, 8.62, 8.78) / rms(x, 8.62, 8.78))).toBeLessThan(-10);
  });

  it('passes a clean stream untouched', () => {
    // ≈ 37 dB SNR, and bursts over digital silence.
    for (const noise of [100, 0]) {
      const d = new Denoiser({ maxSnrDb: 24 });
      const x = signal(10, noise, 6000);
      expect(run(d, x)).toEqual(x.subarray(0, x.length - (x.length % DENOISE_FRAME)));
      d.close();
    }
  });

  it('returns whole frames in order: every sample once, a partial frame waits', () => {
    const d = new Denoiser();
    const x = signal(1, 1000, 0);
    // 1600-sample chunks (100 ms) are not a multiple of the 256-sample frame.
    const lengths = [];
    let total = 0;
    for (let i = 0; i < x.length; i += 1600) {
      const y = d.process(x.subarray(i, i + 1600));
      expect(y.length % DENOISE_FRAME).toBe(0);
      lengths.push(y.length);
      total += y.length;
    }
    d.close();
    expect(total).toBe(x.length - (x.length % DENOISE_FRAME));
    expect(lengths[0]).toBe(1536);
    expect(() => d.process(x)).toThrow(/closed/);
  });
});

import { describe, expect, it } from 'vitest';
import {
  BAND_COLORS,
  gateThresholdDb,
  levelBand,
  levelFromRms,
  rms,
  smoothLevel,
} from './levels.ts';

describe('level meter', () => {
  it('maps RMS to 0–100 on a dB scale', () => {
    expect(levelFromRms(0)).toBe(0);
    expect(levelFromRms(Number.NaN)).toBe(0);
    expect(levelFromRms(1)).toBe(100);
    expect(levelFromRms(2)).toBe(100);
    expect(levelFromRms(0.001)).toBe(0); // −60 dBFS
    expect(levelFromRms(10 ** (-30 / 20))).toBe(50);
    expect(rms([0.5, -0.5, 0.5, -0.5])).toBeCloseTo(0.5);
    expect(rms([])).toBe(0);
  });

  it('puts levels in bands with their colours', () => {
    expect([0, 19, 20, 69, 70, 89, 90, 100].map(levelBand)).toEqual([
      'quiet',
      'quiet',
      'normal',
      'normal',
      'loud',
      'loud',
      'too-loud',
      'too-loud',
    ]);
    expect(BAND_COLORS).toEqual({
      quiet: 'green',
      normal: 'green',
      loud: 'yellow',
      'too-loud': 'red',
    });
  });

  it('falls back slowly and maps gate sensitivity to a threshold', () => {
    expect(smoothLevel(80, 10)).toBe(76);
    expect(smoothLevel(10, 80)).toBe(80);
    expect(gateThresholdDb(1)).toBeCloseTo(-69.5);
    expect(gateThresholdDb(100)).toBe(-20);
    expect(gateThresholdDb(500)).toBe(-20);
  });
});

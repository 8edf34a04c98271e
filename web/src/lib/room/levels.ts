/**
 * Microphone level for the meter: 0–100 on a dB scale (−60 dBFS → 0, 0 dBFS → 100), and the
 * band a level falls in. Pure functions; the meter component samples an AnalyserNode.
 */

export type LevelBand = 'quiet' | 'normal' | 'loud' | 'too-loud';

/** Lower bounds of the bands above `quiet`, on the 0–100 scale. */
export const BAND_START = { normal: 20, loud: 70, 'too-loud': 90 } as const;

export const BAND_LABELS: Record<LevelBand, string> = {
  quiet: 'Quiet',
  normal: 'Normal',
  loud: 'Loud',
  'too-loud': 'Too loud',
};

/** Green for quiet and normal, yellow for loud, red for too loud. */
export const BAND_COLORS: Record<LevelBand, 'green' | 'yellow' | 'red'> = {
  quiet: 'green',
  normal: 'green',
  loud: 'yellow',
  'too-loud': 'red',
};

const FLOOR_DB = -60;

/** RMS of samples in −1…1. */
export function rms(samples: ArrayLike<number>): number {
  if (samples.length === 0) return 0;
  let sum = 0;
  for (let i = 0; i < samples.length; i++) {
    const v = samples[i] ?? 0;
    sum += v * v;
  }
  return Math.sqrt(sum / samples.length);
}

/** 0–100 from an RMS amplitude (0–1). */
export function levelFromRms(value: number): number {
  if (!(value > 0)) return 0;
  const db = 20 * Math.log10(value);
  const level = ((db - FLOOR_DB) / -FLOOR_DB) * 100;
  return Math.round(Math.min(100, Math.max(0, level)));
}

export function levelBand(level: number): LevelBand {
  if (level >= BAND_START['too-loud']) return 'too-loud';
  if (level >= BAND_START.loud) return 'loud';
  if (level >= BAND_START.normal) return 'normal';
  return 'quiet';
}

/** A meter that falls back slowly (peaks stay visible): new = max(sample, previous − decay). */
export function smoothLevel(previous: number, sample: number, decay = 4): number {
  return Math.max(sample, previous - decay);
}

/** Noise-gate threshold in dBFS for a sensitivity of 1–100 (higher = gates louder sounds). */
export function gateThresholdDb(sensitivity: number): number {
  const s = Math.min(100, Math.max(1, sensitivity));
  return -70 + (s / 100) * 50;
}

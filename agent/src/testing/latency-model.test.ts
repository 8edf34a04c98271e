import { describe, expect, it } from 'vitest';
import {
  formatLatencyModel,
  hostedSttLatency,
  latencySampler,
  parseLatencyModel,
} from './latency-model.ts';

function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor((s.length - 1) * q)] ?? Number.NaN;
}

describe('STT latency model', () => {
  it('draws a distribution with the configured median and 95th percentile', () => {
    const next = latencySampler(hostedSttLatency);
    const xs = Array.from({ length: 40_000 }, () => next());
    expect(quantile(xs, 0.5)).toBeGreaterThan(400 * 0.95);
    expect(quantile(xs, 0.5)).toBeLessThan(400 * 1.05);
    expect(quantile(xs, 0.95)).toBeGreaterThan(1_200 * 0.93);
    expect(quantile(xs, 0.95)).toBeLessThan(1_200 * 1.07);
    expect(Math.min(...xs)).toBeGreaterThan(0);
  });

  it('repeats its sequence for a seed and changes it with another seed', () => {
    const a = latencySampler({ medianMs: 400, p95Ms: 1_200, seed: 3 });
    const b = latencySampler({ medianMs: 400, p95Ms: 1_200, seed: 3 });
    const c = latencySampler({ medianMs: 400, p95Ms: 1_200, seed: 4 });
    const sa = Array.from({ length: 20 }, () => a());
    expect(Array.from({ length: 20 }, () => b())).toEqual(sa);
    expect(Array.from({ length: 20 }, () => c())).not.toEqual(sa);
  });

  it('answers in exactly the median when p95 equals it', () => {
    const next = latencySampler({ medianMs: 250, p95Ms: 250, seed: 1 });
    expect(new Set(Array.from({ length: 50 }, () => Math.round(next())))).toEqual(new Set([250]));
  });

  it('parses and formats the command-line form', () => {
    expect(parseLatencyModel('400/1200')).toEqual({ medianMs: 400, p95Ms: 1_200, seed: 1 });
    expect(parseLatencyModel('300/900@7')).toEqual({ medianMs: 300, p95Ms: 900, seed: 7 });
    expect(parseLatencyModel('off')).toBeNull();
    expect(formatLatencyModel(parseLatencyModel('300/900@7'))).toBe('300/900@7');
    expect(formatLatencyModel(null)).toBe('off');
    expect(() => parseLatencyModel('fast')).toThrow(/MEDIAN\/P95/);
    expect(() => parseLatencyModel('900/300')).toThrow(/median ≤ p95/);
  });
});

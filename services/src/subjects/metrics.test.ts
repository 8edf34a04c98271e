import { describe, expect, it } from 'vitest';
import {
  buildMetricSeries,
  formatMetric,
  metricTrend,
  parseMetricValue,
  type MetricInput,
} from './metrics.ts';

const row = (value: string, day: number, extra: Partial<MetricInput> = {}): MetricInput => ({
  meetingId: `m${day}`,
  meetingTitle: `Meeting ${day}`,
  meetingAt: new Date(Date.UTC(2026, 10, day)),
  fieldId: 'mrr',
  label: 'MRR',
  type: 'money',
  value,
  unit: 'per month',
  startMs: day * 1000,
  ...extra,
});

describe('parseMetricValue', () => {
  it('reads money with scale suffixes and words, percentages, durations and counts', () => {
    expect(parseMetricValue('money', '$50k', 'per month')).toEqual({
      amount: 50000,
      unit: '$',
      converted: true,
    });
    expect(parseMetricValue('money', '$1,200', null)).toEqual({
      amount: 1200,
      unit: '$',
      converted: false,
    });
    expect(parseMetricValue('money', '2.5 million euros', null)).toMatchObject({
      amount: 2.5e6,
      unit: '€',
    });
    expect(parseMetricValue('percent', '4.5%', null)).toEqual({
      amount: 4.5,
      unit: '%',
      converted: false,
    });
    expect(parseMetricValue('duration', '1.5', 'years')).toEqual({
      amount: 18,
      unit: 'months',
      converted: true,
    });
    expect(parseMetricValue('number', '8', 'engineers')).toEqual({
      amount: 8,
      unit: 'engineers',
      converted: false,
    });
    expect(parseMetricValue('money', 'undisclosed', null)).toBeNull();
    expect(parseMetricValue('text', 'B2B SaaS', null)).toBeNull();
  });
});

describe('buildMetricSeries', () => {
  it('converts $k and $ into one series and computes the trend', () => {
    const [s] = buildMetricSeries([row('$65,000', 20), row('$50k', 3)]);
    expect(s?.unit).toBe('$');
    expect(s?.points.map((p) => p.value)).toEqual([50000, 65000]);
    expect(s?.points[0]).toMatchObject({ converted: true, note: 'read as $50k' });
    const trend = s ? metricTrend(s) : null;
    expect(trend?.change).toBeCloseTo(0.3);
  });

  it('flags a value in another currency or noun instead of mixing it in', () => {
    const [s] = buildMetricSeries([row('$50k', 3), row('€60k', 10), row('$55k', 20)]);
    expect(s?.points.map((p) => p.value)).toEqual([50000, null, 55000]);
    expect(s?.points[1]?.note).toMatch(/€.*not compared/);
    const [team] = buildMetricSeries([
      row('8', 3, { fieldId: 'team', type: 'number', unit: 'engineers' }),
      row('20', 10, { fieldId: 'team', type: 'number', unit: 'people' }),
      row('10', 20, { fieldId: 'team', type: 'number', unit: 'engineers' }),
    ]);
    expect(team?.unit).toBe('engineers');
    const [yearly] = buildMetricSeries([
      row('$50k', 3),
      row('$600k', 10, { unit: 'per year' }),
      row('$55k', 20),
    ]);
    expect(yearly?.points.map((p) => p.value)).toEqual([50000, null, 55000]);
    expect(yearly?.points[1]?.note).toBe('stated in $ per year, not $ per month: not compared');
    expect(team?.points.map((p) => p.value)).toEqual([8, null, 10]);
  });

  it('lists non-numeric fields without values to chart', () => {
    const [s] = buildMetricSeries([
      row('2027-03-01', 3, { fieldId: 'deadline', type: 'date', unit: null }),
    ]);
    expect(s).toMatchObject({
      numeric: false,
      points: [{ raw: '2027-03-01', value: null, note: null }],
    });
  });
});

describe('formatMetric', () => {
  it('writes values compactly in their unit', () => {
    expect(formatMetric(50000, '$')).toBe('$50k');
    expect(formatMetric(2.5e6, '€')).toBe('€2.5M');
    expect(formatMetric(4.5, '%')).toBe('4.5%');
    expect(formatMetric(18, 'months')).toBe('18 months');
  });
});

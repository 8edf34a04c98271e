// Numbers a subject's meetings stated (extracted per meeting as text: "$50k", "12%", "18"
// months), read back as series one can compare: each value parsed, brought to one unit per
// series where a conversion exists (scale words and suffixes, duration units), and flagged —
// never mixed in — where none does (another currency, another count noun).

/** One stored value of a field, as the subject's meetings hold it. */
export interface MetricInput {
  meetingId: string;
  meetingTitle: string;
  meetingAt: Date;
  fieldId: string;
  label: string;
  /** The field's type: money, percent, duration, number, date, text, list. */
  type: string;
  value: string;
  unit: string | null;
  startMs: number | null;
}

export interface MetricPoint {
  meetingId: string;
  meetingTitle: string;
  /** ISO time of the meeting. */
  at: string;
  /** As stated (value and unit). */
  raw: string;
  /** In the series' unit; null when it could not be read or compared (`note` says why). */
  value: number | null;
  /** The stated unit was converted to the series' (e.g. "$1.2M" into a series of $). */
  converted: boolean;
  /** Why `value` is null, or what was converted; short and human. */
  note: string | null;
  startMs: number | null;
}

export interface MetricSeries {
  fieldId: string;
  label: string;
  type: string;
  /** The series' unit, shown beside its values ("$", "%", "months", "engineers"). */
  unit: string;
  /** Numeric fields are charted; others (dates, text) are listed only. */
  numeric: boolean;
  /** Oldest meeting first. */
  points: MetricPoint[];
}

/** A value read from text: an amount in a base unit, and that unit's kind. */
interface Parsed {
  amount: number;
  /** Comparable unit: a currency symbol, "%", "months", or a noun. */
  unit: string;
  converted: boolean;
}

const SCALE: Record<string, number> = {
  k: 1e3,
  thousand: 1e3,
  m: 1e6,
  mm: 1e6,
  million: 1e6,
  b: 1e9,
  bn: 1e9,
  billion: 1e9,
};
const CURRENCY: Record<string, string> = {
  $: '$',
  usd: '$',
  dollars: '$',
  dollar: '$',
  '€': '€',
  eur: '€',
  euros: '€',
  euro: '€',
  '£': '£',
  gbp: '£',
  pounds: '£',
  pound: '£',
};
/** Months per duration unit. */
const MONTHS: Record<string, number> = {
  day: 1 / 30.44,
  week: 7 / 30.44,
  month: 1,
  quarter: 3,
  year: 12,
};

function singular(w: string): string {
  return w.endsWith('s') && w.length > 1 ? w.slice(0, -1) : w;
}

/** The amount and unit of one stored value; null when it holds no number. */
export function parseMetricValue(type: string, value: string, unit: string | null): Parsed | null {
  const text = `${value} ${type === 'money' ? '' : (unit ?? '')}`.toLowerCase().replace(/,/g, '');
  const m = /(-?\d+(?:\.\d+)?)\s*([a-z]+)?/.exec(text);
  if (!m) return null;
  let amount = Number(m[1]);
  let word = m[2] ?? '';
  const scale = SCALE[word];
  const scaled = scale !== undefined;
  if (scaled) {
    amount *= scale;
    word = /\d\s*[a-z]+\s+([a-z]+)/.exec(text)?.[1] ?? '';
  }
  if (type === 'money') {
    const sym =
      /[$€£]/.exec(text)?.[0] ?? /\b(usd|eur|gbp|dollars?|euros?|pounds?)\b/.exec(text)?.[1];
    return { amount, unit: CURRENCY[sym ?? '$'] ?? '$', converted: scaled };
  }
  if (type === 'percent') return { amount, unit: '%', converted: false };
  if (type === 'duration') {
    const per = MONTHS[singular(word)];
    if (per === undefined) return { amount, unit: word || 'months', converted: false };
    return { amount: amount * per, unit: 'months', converted: singular(word) !== 'month' };
  }
  if (type === 'number') return { amount, unit: word, converted: scaled };
  return null;
}

const NUMERIC = new Set(['money', 'percent', 'duration', 'number']);

/** Series per field, in the order fields first appear; points oldest first. */
export function buildMetricSeries(rows: MetricInput[]): MetricSeries[] {
  const byField = new Map<string, MetricInput[]>();
  for (const r of [...rows].sort((a, b) => a.meetingAt.getTime() - b.meetingAt.getTime())) {
    const list = byField.get(r.fieldId) ?? [];
    list.push(r);
    byField.set(r.fieldId, list);
  }
  return [...byField.values()].map((list) => seriesOf(list));
}

function seriesOf(list: MetricInput[]): MetricSeries {
  const last = list.at(-1) as MetricInput;
  const numeric = NUMERIC.has(last.type);
  const parsed = list.map((r) => (numeric ? parseMetricValue(r.type, r.value, r.unit) : null));
  // The series takes the unit most of its values use (ties: the newest).
  const counts = new Map<string, number>();
  for (const p of parsed) if (p) counts.set(p.unit, (counts.get(p.unit) ?? 0) + 1);
  let unit = '';
  let best = 0;
  for (const p of parsed) {
    const n = p ? (counts.get(p.unit) ?? 0) : 0;
    if (p && n >= best) {
      unit = p.unit;
      best = n;
    }
  }
  // Money keeps its period ("per month", "per year") beside the currency: not converted, and
  // a value stated for another period is flagged like another currency.
  const periodOf = (r: MetricInput) =>
    r.type === 'money' ? (r.unit ?? '').trim().toLowerCase() : '';
  const period = periodOf(last);
  const points = list.map((r, i): MetricPoint => {
    const p = parsed[i];
    const base = {
      meetingId: r.meetingId,
      meetingTitle: r.meetingTitle,
      at: r.meetingAt.toISOString(),
      raw: [r.value, r.type === 'money' ? null : r.unit].filter(Boolean).join(' '),
      startMs: r.startMs,
    };
    if (!numeric) return { ...base, value: null, converted: false, note: null };
    if (!p) return { ...base, value: null, converted: false, note: 'no number in this value' };
    if (p.unit !== unit || periodOf(r) !== period) {
      const stated = [p.unit, periodOf(r)].filter(Boolean).join(' ') || 'another unit';
      const wanted = [unit, period].filter(Boolean).join(' ') || 'the others’ unit';
      return {
        ...base,
        value: null,
        converted: false,
        note: `stated in ${stated}, not ${wanted}: not compared`,
      };
    }
    return {
      ...base,
      value: p.amount,
      converted: p.converted,
      note: p.converted ? `read as ${formatMetric(p.amount, unit)}` : null,
    };
  });
  return { fieldId: last.fieldId, label: last.label, type: last.type, unit, numeric, points };
}

/** "$50k", "12%", "18 months", "8 engineers". */
export function formatMetric(value: number, unit: string): string {
  const abs = Math.abs(value);
  const r = (x: number) => String(Math.round(x * 100) / 100);
  const n =
    abs >= 1e9
      ? `${r(value / 1e9)}B`
      : abs >= 1e6
        ? `${r(value / 1e6)}M`
        : abs >= 1e4
          ? `${r(value / 1e3)}k`
          : r(value);
  if (/^[$€£]$/.test(unit)) return `${value < 0 ? '-' : ''}${unit}${n.replace(/^-/, '')}`;
  if (unit === '%') return `${n}%`;
  return unit ? `${n} ${unit}` : n;
}

/** Change between the last two comparable points ("up 30% since 3 Nov"); null with fewer. */
export function metricTrend(
  s: MetricSeries,
): { from: MetricPoint; to: MetricPoint; change: number | null } | null {
  const comparable = s.points.filter((p) => p.value !== null);
  const to = comparable.at(-1);
  const from = comparable.at(-2);
  if (!to || !from || to.value === null || from.value === null) return null;
  return {
    from,
    to,
    change: from.value === 0 ? null : (to.value - from.value) / Math.abs(from.value),
  };
}

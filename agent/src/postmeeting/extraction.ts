import type { ExtractionFields } from '@parley/prompts';
import { compactNumber, numberTokens, parseNumberAt } from './numbers.ts';
import { findDueDate } from './dates.ts';
import type { ExtractedField, Line } from './types.ts';

// Rule-based structured data (no LLM): for each field of the meeting type, lines naming the
// field (keywords from a small table, else the field's label) and a value of the field's type
// near the keyword: money, percent, duration, number, date. The last statement wins (people
// correct themselves). Text and list fields are left to the LLM.

type Field = ExtractionFields['fields'][number];

const KEYWORDS: Record<string, string[]> = {
  mrr: ['mrr', 'monthly recurring revenue', 'monthly revenue'],
  arr: ['arr', 'annual recurring revenue', 'annual revenue', 'run rate'],
  growth_mom: ['month over month', 'month on month', 'mom growth', 'growing', 'growth'],
  cac: ['cac', 'customer acquisition cost', 'acquisition cost', 'cost to acquire'],
  ltv: ['ltv', 'lifetime value'],
  churn: ['churn', 'churn rate'],
  burn: ['burn rate', 'burn', 'burning'],
  runway: ['runway'],
  team_size: ['team size', 'headcount', 'employees', 'people', 'engineers', 'team of'],
  round_size: ['raising', 'round size', 'round of', 'raise'],
  valuation: ['valuation', 'valued at', 'cap of', 'post money', 'pre money'],
  budget: ['budget'],
  deadline: ['deadline', 'go live', 'launch'],
};

const DURATION_UNITS = /^(day|days|week|weeks|month|months|year|years|quarter|quarters)$/;

function keywordsOf(f: Field): string[] {
  return (
    KEYWORDS[f.id] ?? [f.label.toLowerCase(), f.id.replace(/_/g, ' ')].filter((k) => k.length >= 3)
  );
}

/** A value of `type` in tokens[from, to), nearest to `anchor` first. */
function valueNear(
  tokens: string[],
  type: Field['type'],
  anchor: number,
  after: number,
  before: number,
): { value: string; unit: string | null } | null {
  const positions: number[] = [];
  for (let d = 0; d <= Math.max(after, before); d++) {
    if (d <= after && anchor + d < tokens.length) positions.push(anchor + d);
    if (d > 0 && d <= before && anchor - d >= 0) positions.push(anchor - d);
  }
  const consumed = new Set<number>();
  for (const i of positions) {
    if (consumed.has(i)) continue;
    const n = parseNumberAt(tokens, i);
    if (!n) continue;
    for (let c = i; c < i + n.used; c++) consumed.add(c);
    const next = tokens[i + n.used] ?? '';
    const next2 = tokens[i + n.used + 1] ?? '';
    const currency =
      tokens[i - 1] && /^[$€£]$/.test(tokens[i - 1] ?? '') ? (tokens[i - 1] ?? '') : '';
    switch (type) {
      case 'percent':
        if (next === '%' || next === 'percent' || next === 'per') {
          return { value: `${compactNumber(n.value)}%`, unit: null };
        }
        break;
      case 'money': {
        const word = /^(dollars?|bucks|usd|euros?|eur|pounds?|gbp)$/.exec(next)?.[1];
        const sym =
          currency || (word ? (/^e/.test(word) ? '€' : /^(p|g)/.test(word) ? '£' : '$') : '');
        if (sym || n.value >= 1000) {
          return { value: `${sym || '$'}${compactNumber(n.value)}`, unit: null };
        }
        break;
      }
      case 'duration':
        if (DURATION_UNITS.test(next)) return { value: compactNumber(n.value), unit: next };
        break;
      case 'number':
        if (next !== '%' && next !== 'percent' && !currency) {
          return {
            value: compactNumber(n.value),
            unit: /^[a-z]+$/.test(next) && next2 !== 'of' ? next : null,
          };
        }
        break;
      default:
        return null;
    }
  }
  return null;
}

export function ruleExtraction(
  lines: Line[],
  fields: ExtractionFields['fields'],
  meetingDate: Date,
): ExtractedField[] {
  const found = new Map<string, ExtractedField>();
  for (const line of lines) {
    const lower = ` ${line.text.toLowerCase().replace(/[^\p{L}\p{N}$€£%.' ]+/gu, ' ')} `;
    for (const f of fields) {
      const kw = keywordsOf(f).find((k) => lower.includes(` ${k} `) || lower.includes(` ${k}s `));
      if (!kw) continue;
      let value: { value: string; unit: string | null } | null;
      if (f.type === 'date') {
        const d = findDueDate(line.text, meetingDate);
        value = d ? { value: d.date, unit: null } : null;
      } else if (f.type === 'text' || f.type === 'list') {
        value = null;
      } else {
        const tokens = numberTokens(line.text);
        const kwTokens = numberTokens(kw);
        let anchor = tokens.findIndex((_, i) =>
          kwTokens.every((k, j) => (tokens[i + j] ?? '').startsWith(k)),
        );
        if (anchor < 0) anchor = 0;
        const start = anchor + kwTokens.length;
        // Counts usually come before their noun ("eight engineers"); other values after.
        value =
          f.type === 'number'
            ? (valueNear(tokens, f.type, anchor - 1, 0, 3) ??
              valueNear(tokens, f.type, start, 5, 0))
            : (valueNear(tokens, f.type, start, 10, 0) ??
              valueNear(tokens, f.type, anchor - 1, 0, 4));
      }
      if (!value) continue;
      found.set(f.id, {
        fieldId: f.id,
        label: f.label,
        type: f.type,
        value: value.value,
        unit: value.unit ?? f.unit ?? null,
        segmentId: line.segmentId,
        startMs: line.startMs,
        source: 'rules',
      });
    }
  }
  return fields.flatMap((f) => {
    const v = found.get(f.id);
    return v ? [v] : [];
  });
}

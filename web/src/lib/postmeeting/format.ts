export { clock } from '@parley/protocol';

export const STEP_LABELS: Record<string, string> = {
  finalise: 'Transcript',
  summary: 'Summary',
  action_items: 'Action items',
  extraction: 'Data',
  index: 'Search index',
};

export const STEP_ORDER = ['finalise', 'summary', 'action_items', 'extraction', 'index'];

/** Splits an answer with [n] markers into text and citation parts. */
export function citationParts(answer: string): ({ text: string } | { cite: number })[] {
  const parts: ({ text: string } | { cite: number })[] = [];
  let last = 0;
  for (const m of answer.matchAll(/\[(\d{1,3})\]/g)) {
    if (m.index > last) parts.push({ text: answer.slice(last, m.index) });
    parts.push({ cite: Number(m[1]) });
    last = m.index + m[0].length;
  }
  if (last < answer.length) parts.push({ text: answer.slice(last) });
  return parts;
}

import type { ActionItem, MeetingExtraction, MeetingSummary, SummaryPoint } from '@parley/db';
import { clock } from '../../postmeeting/format.ts';

// Summary and action items as Markdown (the meeting page's export).

export interface MarkdownInput {
  title: string;
  date: Date;
  /** Link to the meeting at a moment (ms); null for no links. */
  momentUrl: ((ms: number) => string) | null;
  summary: Pick<
    MeetingSummary,
    'overview' | 'key_points' | 'decisions' | 'open_questions' | 'source'
  > | null;
  actionItems: Pick<ActionItem, 'text' | 'owner_name' | 'due_date' | 'start_ms'>[];
  extractions: Pick<MeetingExtraction, 'label' | 'value' | 'unit'>[];
}

/** Escapes characters Markdown would read as formatting. */
export function mdEscape(s: string): string {
  return s
    .replace(/[\\`*_{}[\]()#+!|<>~]/g, (c) => `\\${c}`)
    .replace(/\s+/g, ' ')
    .trim();
}

function at(ms: number | null, url: MarkdownInput['momentUrl']): string {
  if (ms === null) return '';
  return url ? ` ([${clock(ms)}](${url(ms)}))` : ` (${clock(ms)})`;
}

function points(title: string, list: SummaryPoint[], url: MarkdownInput['momentUrl']): string[] {
  if (list.length === 0) return [];
  return [`## ${title}`, '', ...list.map((p) => `- ${mdEscape(p.text)}${at(p.startMs, url)}`), ''];
}

export function summaryMarkdown(i: MarkdownInput): string {
  const out = [`# ${mdEscape(i.title)}`, '', `Date: ${i.date.toISOString().slice(0, 10)}`, ''];
  if (i.summary) {
    out.push('## Summary', '', mdEscape(i.summary.overview), '');
    out.push(...points('Key points', i.summary.key_points, i.momentUrl));
    out.push(...points('Decisions', i.summary.decisions, i.momentUrl));
    out.push(...points('Open questions', i.summary.open_questions, i.momentUrl));
  } else {
    out.push('_No summary yet._', '');
  }
  out.push('## Action items', '');
  if (i.actionItems.length === 0) out.push('_None found._');
  for (const a of i.actionItems) {
    const who = a.owner_name ? ` — **${mdEscape(a.owner_name)}**` : '';
    const due = a.due_date ? ` (due ${a.due_date})` : '';
    out.push(`- [ ] ${mdEscape(a.text)}${who}${due}${at(a.start_ms, i.momentUrl)}`);
  }
  out.push('');
  if (i.extractions.length > 0) {
    out.push('## Data', '', '| field | value |', '| --- | --- |');
    for (const e of i.extractions) {
      out.push(
        `| ${mdEscape(e.label)} | ${mdEscape(e.value)}${e.unit ? ` ${mdEscape(e.unit)}` : ''} |`,
      );
    }
    out.push('');
  }
  return out.join('\n');
}

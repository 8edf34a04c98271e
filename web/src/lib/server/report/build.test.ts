import type { CoverageChangeRow, SuggestionOutcomeRow } from '@parley/db';
import { describe, expect, it } from 'vitest';
import { coverageReport, outcomeOf, suggestionReport } from './build.ts';

const items = [
  { id: 'mrr', title: 'Revenue', priority: 'critical' as const },
  { id: 'churn', title: 'Churn', priority: 'important' as const },
];

const change = (itemId: string, to: CoverageChangeRow['to'], text: string | null, startMs = 1000) =>
  ({
    itemId,
    from: 'not_discussed',
    to,
    at: new Date(0),
    quote: { segmentId: `seg-${startMs}`, text, speakerName: text ? 'Finn' : null, startMs },
  }) satisfies CoverageChangeRow;

function card(over: Partial<SuggestionOutcomeRow>): SuggestionOutcomeRow {
  return {
    id: 's',
    text: 'What is your MRR?',
    priority: 'important',
    reason: 'not discussed yet: Revenue',
    category: 'metrics',
    checklist_item_id: null,
    source: 'template',
    status: 'new',
    status_by: null,
    status_at: null,
    created_at: new Date(1000),
    cites_meeting_id: null,
    cites_start_ms: null,
    quote: null,
    ...over,
  };
}

describe('coverageReport', () => {
  it('lists every item in checklist order, covered or not, with each change and its quote', () => {
    const r = coverageReport(items, new Map([['mrr', 'answered']]), [
      change('mrr', 'asked', 'What is your MRR?', 1000),
      change('mrr', 'answered', 'About fifty thousand.', 4000),
      change('gone', 'discussed', 'an item removed from the checklist'),
    ]);
    expect(r.covered).toBe(1);
    expect(r.total).toBe(2);
    expect(r.items.map((i) => [i.id, i.state, i.covered])).toEqual([
      ['mrr', 'answered', true],
      ['churn', 'not_discussed', false],
    ]);
    expect(r.items[0]?.evidence).toEqual([
      {
        segmentId: 'seg-1000',
        text: 'What is your MRR?',
        speaker: 'Finn',
        startMs: 1000,
        from: 'not_discussed',
        to: 'asked',
      },
      {
        segmentId: 'seg-4000',
        text: 'About fifty thousand.',
        speaker: 'Finn',
        startMs: 4000,
        from: 'not_discussed',
        to: 'answered',
      },
    ]);
    expect(r.items[1]?.evidence).toEqual([]);
  });

  it('keeps a change whose segment is gone, without words', () => {
    const r = coverageReport(items, new Map([['churn', 'discussed']]), [
      change('churn', 'discussed', null),
    ]);
    expect(r.items[1]?.evidence[0]).toMatchObject({ text: null, speaker: null, to: 'discussed' });
  });
});

describe('suggestionReport', () => {
  it('names each outcome by status and who set it', () => {
    expect(outcomeOf({ status: 'asked', status_by: 'speech' })).toBe('asked_aloud');
    expect(outcomeOf({ status: 'asked', status_by: 'coverage' })).toBe('covered');
    expect(outcomeOf({ status: 'asked', status_by: 'member-1' })).toBe('marked_asked');
    expect(outcomeOf({ status: 'dismissed', status_by: 'member-1' })).toBe('dismissed');
    expect(outcomeOf({ status: 'pinned', status_by: 'member-1' })).toBe('pinned');
    expect(outcomeOf({ status: 'new', status_by: null })).toBe('never_acted');
  });

  it('counts outcomes and lists critical cards nobody asked as missed', () => {
    const quote = {
      segmentId: 'g1',
      text: 'so what is your MRR',
      speakerName: 'Vera',
      startMs: 9000,
    };
    const r = suggestionReport([
      card({
        id: 'a',
        priority: 'critical',
        status: 'asked',
        status_by: 'speech',
        status_at: new Date(2000),
        quote,
      }),
      card({
        id: 'b',
        priority: 'critical',
        status: 'dismissed',
        status_by: 'm',
        status_at: new Date(3000),
      }),
      card({ id: 'c', priority: 'critical' }),
      card({ id: 'd', priority: 'important' }),
      card({
        id: 'e',
        priority: 'critical',
        status: 'pinned',
        status_by: 'm',
        status_at: new Date(4000),
      }),
    ]);
    expect(r.counts).toEqual({
      asked_aloud: 1,
      covered: 0,
      marked_asked: 0,
      dismissed: 1,
      pinned: 1,
      never_acted: 2,
    });
    expect(r.missed.map((s) => s.id)).toEqual(['b', 'c', 'e']);
    expect(r.suggestions[0]).toMatchObject({
      outcome: 'asked_aloud',
      at: new Date(2000).toISOString(),
      quote: { segmentId: 'g1', text: 'so what is your MRR', speaker: 'Vera', startMs: 9000 },
    });
    expect(r.suggestions[2]).toMatchObject({ outcome: 'never_acted', at: null, quote: null });
  });
});

import { loadChecklist } from '@parley/prompts';
import { describe, expect, it } from 'vitest';
import { ChecklistCoverage } from './coverage.ts';
import { TemplateSuggestionEngine, limitDrafts } from './template.ts';
import type { SuggestionContext, SuggestionDraft } from './types.ts';

const checklist = loadChecklist('investment_screening');

function context(over: Partial<SuggestionContext> = {}): SuggestionContext {
  const cov = new ChecklistCoverage(checklist);
  return {
    meetingType: 'investment_screening',
    subject: 'Acme seed',
    checklist,
    coverage: cov.items(),
    openQuestions: [],
    recentTurns: [],
    previous: [],
    ...over,
  };
}

describe('TemplateSuggestionEngine', () => {
  const engine = new TemplateSuggestionEngine();

  it('suggests the highest-priority undiscussed items first, at most 2 critical', () => {
    const out = engine.suggestSync(context());
    expect(out).toHaveLength(3);
    expect(out.map((d) => d.checklistItemId)).toEqual([
      'team_background',
      'market_size',
      'revenue',
    ]);
    expect(out.map((d) => d.priority)).toEqual(['critical', 'critical', 'important']);
    expect(out[0]).toMatchObject({
      reason: 'not discussed yet: Team background',
      category: 'team',
      source: 'template',
      templateVersion: `investment_screening/checklist@${checklist.version}`,
    });
    expect(out[0]?.text).toMatch(/\?$/);
  });

  it('skips covered items and items suggested before', () => {
    const cov = new ChecklistCoverage(checklist);
    cov.add({ id: 'a', speaker: 'x', text: 'our founders met at Google', startMs: 0, endMs: 1 });
    const out = engine.suggestSync(
      context({
        coverage: cov.items(),
        previous: [{ text: 'anything', status: 'dismissed', checklistItemId: 'market_size' }],
      }),
    );
    expect(out.map((d) => d.checklistItemId)).toEqual(['revenue', 'burn_runway', 'growth_rate']);
  });

  it('never repeats a dismissed or asked question, even from another item', () => {
    const out = engine.suggestSync(
      context({
        previous: [
          {
            text: 'What did the founders do before this, and how long have you worked together?',
            status: 'asked',
          },
        ],
      }),
    );
    expect(out.map((d) => d.checklistItemId)).not.toContain('team_background');
  });

  it('brings back unanswered participant questions (latest first) after critical items', () => {
    const out = engine.suggestSync(
      context({
        maxSuggestions: 6,
        openQuestions: [
          { segmentId: 'q1', speaker: 'a', text: 'Who is your lawyer?', endMs: 1 },
          { segmentId: 'q2', speaker: 'b', text: 'Where is the team based?', endMs: 2 },
        ],
      }),
    );
    expect(out.map((d) => d.checklistItemId ?? d.text)).toEqual([
      'team_background',
      'market_size',
      'revenue', // critical, demoted: a third critical
      'burn_runway',
      'Back to the open question: Where is the team based?',
      'Back to the open question: Who is your lawyer?',
    ]);
    expect(out[2]?.priority).toBe('important');
    expect(out[4]).toMatchObject({
      reason: 'asked earlier but not answered yet',
      priority: 'important',
    });
  });

  it('returns nothing when everything is covered', () => {
    const cov = new ChecklistCoverage(checklist);
    const all = checklist.items.map((i) => i.keywords[0]).join(' ');
    cov.add({ id: 'a', speaker: 'x', text: all, startMs: 0, endMs: 1 });
    expect(engine.suggestSync(context({ coverage: cov.items() }))).toEqual([]);
  });

  it('is deterministic and fast', async () => {
    const ctx = context();
    expect(await engine.suggest(ctx)).toEqual(engine.suggestSync(ctx));
    const started = performance.now();
    for (let i = 0; i < 200; i++) engine.suggestSync(ctx);
    expect((performance.now() - started) / 200).toBeLessThan(2);
  });
});

describe('limitDrafts', () => {
  it('caps the count and the critical ones', () => {
    const d = (priority: SuggestionDraft['priority']): SuggestionDraft => ({
      text: 'q',
      priority,
      reason: 'r',
      category: 'other',
      source: 'template',
      templateVersion: 'v',
    });
    const out = limitDrafts([d('critical'), d('critical'), d('critical'), d('follow_up')], 3, 2);
    expect(out.map((x) => x.priority)).toEqual(['critical', 'critical', 'important']);
  });
});

describe('TemplateSuggestionEngine: follow-ups from memory', () => {
  const engine = new TemplateSuggestionEngine();
  const cite = (startMs: number | null) => ({ meetingId: 'm1', startMs, date: '3 Nov' });
  const past = {
    summaries: [],
    passages: [],
    metrics: [{ fieldId: 'mrr', label: 'MRR', value: '$50k', cite: cite(4000) }],
    openItems: [
      { text: 'Hire a head of sales by March.', owner: 'Finn', due: null, cite: cite(7000) },
    ],
    uncovered: [{ itemId: 'churn', title: 'Churn', cite: cite(null) }],
  };

  it('brings one follow-up of each kind first, each citing the meeting it comes from', () => {
    const out = engine.suggestSync(context({ past }));
    expect(out.map((d) => d.text)).toEqual([
      'Last time MRR was $50k (3 Nov) — where is it now?',
      'On 3 Nov the plan was to hire a head of sales by March — did it happen?',
      expect.stringMatching(/^Not covered last time: .*churn/i),
    ]);
    expect(out.map((d) => d.cites)).toEqual([cite(4000), cite(7000), cite(null)]);
    expect(out[1]?.reason).toBe('open action item from 3 Nov (Finn)');
    expect(out[2]).toMatchObject({ checklistItemId: 'churn', category: 'metrics' });
    // The plain checklist question about churn is not offered beside its follow-up.
    const next = engine.suggestSync(
      context({ past, previous: out.map((d) => ({ ...d, status: 'active' as const })) }),
    );
    expect(next.some((d) => d.checklistItemId === 'churn')).toBe(false);
    expect(next.every((d) => d.cites === undefined)).toBe(true);
  });

  it('drops a metric already mentioned and an item already discussed in this meeting', () => {
    const cov = new ChecklistCoverage(checklist);
    cov.add({ id: 'g1', speaker: 'a', text: 'Our churn is low.', startMs: 0, endMs: 1 });
    const out = engine.suggestSync(
      context({
        past,
        coverage: cov.items(),
        recentTurns: [{ speaker: 'a', label: 'Speaker 1', text: 'Our MRR grew.', startMs: 0 }],
      }),
    );
    expect(out.filter((d) => d.cites).map((d) => d.text)).toEqual([
      'On 3 Nov the plan was to hire a head of sales by March — did it happen?',
    ]);
  });
});

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

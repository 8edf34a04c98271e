import { loadChecklist } from '@parley/prompts';
import { describe, expect, it } from 'vitest';
import { ChecklistCoverage } from './coverage.ts';
import { PAST_TAG_NOTE, buildQuestionPrompt, citeFromReason, pastContextLines } from './prompt.ts';
import type { SuggestionContext } from './types.ts';

function ctx(over: Partial<SuggestionContext> = {}): SuggestionContext {
  const checklist = loadChecklist('sales');
  return {
    meetingType: 'sales',
    subject: 'Acme renewal',
    checklist,
    coverage: new ChecklistCoverage(checklist).items(),
    openQuestions: [],
    recentTurns: [
      { speaker: 'p1', label: 'Speaker 1', text: 'We use  spreadsheets\ntoday.', startMs: 0 },
    ],
    previous: [{ text: 'What is your budget?', status: 'dismissed' }],
    ...over,
  };
}

describe('buildQuestionPrompt', () => {
  it('fills every part of the template', () => {
    const p = buildQuestionPrompt(
      ctx({
        past: {
          summaries: [{ meetingId: 'm1', date: '1 Oct', text: 'They asked for a trial.' }],
          passages: [{ meetingId: 'm1', text: 'Price was a concern.', date: '1 Oct' }],
        },
      }),
    );
    expect(p.user).not.toContain('{{');
    expect(p.system).not.toContain('{{');
    expect(p.user).toContain('Meeting type: Sales');
    expect(p.user).toContain('Subject: Acme renewal');
    expect(p.user).toContain('- [not discussed] Budget (critical):');
    expect(p.user).toContain('Speaker 1: We use spreadsheets today.');
    expect(p.user).toContain('- What is your budget? [dismissed]');
    expect(p.user).toContain(PAST_TAG_NOTE);
    expect(p.user).toContain('- [P1] Summary of the meeting on 1 Oct: They asked for a trial.');
    expect(p.user).toContain('- [P2] Said on 1 Oct: Price was a concern.');
    expect(p.user).toContain('Suggest 1 to 3 questions');
    expect(p.templateVersion).toMatch(/^sales\/questions@\d+\.\d+\.\d+$/);
  });

  it('says so when parts are empty', () => {
    const p = buildQuestionPrompt(ctx({ subject: ' ', recentTurns: [], previous: [] }));
    expect(p.user).toContain('Subject: (not given)');
    expect(p.user).toContain('(nothing said yet)');
    expect(p.user).toContain('Already suggested (do not repeat):\nNone.');
  });

  it('keeps the latest turns within the character budget', () => {
    const turns = Array.from({ length: 100 }, (_, i) => ({
      speaker: 'p',
      label: 'Speaker 1',
      text: `turn number ${i} ${'x'.repeat(80)}`,
      startMs: i,
    }));
    const p = buildQuestionPrompt(ctx({ recentTurns: turns }), { maxTurnChars: 1000 });
    expect(p.user).toContain('turn number 99 ');
    expect(p.user).not.toContain('turn number 80 ');
    const block = p.user.split('<transcript>\n')[1]?.split('\n</transcript>')[0] ?? '';
    expect(block.length).toBeLessThanOrEqual(1000);
  });

  it('uses the general template for an unknown meeting type', () => {
    const p = buildQuestionPrompt(ctx({ meetingType: 'party' }));
    expect(p.templateVersion).toMatch(/^general\/questions@/);
  });
});

describe('past context with memory', () => {
  const cite = (meetingId: string, startMs: number | null = null) => ({
    meetingId,
    startMs,
    date: '3 Nov',
  });
  const past = {
    summaries: [{ meetingId: 'm1', date: '3 Nov', text: 'MRR at $50k; hiring planned.' }],
    passages: [
      { meetingId: 'm1', text: 'Finn: churn is two percent', startMs: 9000, date: '3 Nov' },
    ],
    metrics: [
      {
        fieldId: 'mrr',
        label: 'MRR',
        value: '$50k',
        trend: 'up 25% since 1 Oct',
        cite: cite('m1', 4000),
      },
    ],
    openItems: [
      { text: 'Hire a head of sales', owner: 'Finn', due: '2027-03-31', cite: cite('m1', 7000) },
    ],
    uncovered: [{ itemId: 'churn', title: 'Churn', cite: cite('m1') }],
  };

  it('tags every line and maps each tag to its source, within the budget', () => {
    const { lines, cites } = pastContextLines(past, 10_000);
    expect(lines).toEqual([
      '- [P1] Summary of the meeting on 3 Nov: MRR at $50k; hiring planned.',
      '- [P2] Metric MRR: $50k on 3 Nov (up 25% since 1 Oct)',
      '- [P3] Open action item from 3 Nov: Hire a head of sales (owner: Finn) (due 2027-03-31)',
      '- [P4] Never covered in earlier meetings: Churn',
      '- [P5] Said on 3 Nov: Finn: churn is two percent',
    ]);
    expect(cites[1]).toEqual(cite('m1', 4000));
    expect(cites[4]).toEqual({ meetingId: 'm1', startMs: 9000, date: '3 Nov' });
    expect(pastContextLines(past, 80).lines).toHaveLength(1);
  });

  it("reads a model's tag off the reason into a cite", () => {
    const { cites } = pastContextLines(past, 10_000);
    expect(citeFromReason('[P2] MRR was $50k last time', cites)).toEqual({
      reason: 'MRR was $50k last time',
      cites: cite('m1', 4000),
    });
    expect(citeFromReason('[P99] made up', cites)).toEqual({ reason: 'made up' });
    expect(citeFromReason('no tag', cites)).toEqual({ reason: 'no tag' });
  });
});

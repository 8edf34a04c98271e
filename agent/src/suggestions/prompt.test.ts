import { loadChecklist } from '@parley/prompts';
import { describe, expect, it } from 'vitest';
import { ChecklistCoverage } from './coverage.ts';
import { buildQuestionPrompt } from './prompt.ts';
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
          summaries: [{ meetingId: 'm1', date: '2026-10-01', text: 'They asked for a trial.' }],
          passages: [{ meetingId: 'm1', text: 'Price was a concern.' }],
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
    expect(p.user).toContain('- Summary (2026-10-01): They asked for a trial.');
    expect(p.user).toContain('- Excerpt: Price was a concern.');
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

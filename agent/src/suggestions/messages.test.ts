import { loadChecklist } from '@parley/prompts';
import { checklistMessageSchema, encodeMessage, suggestionsMessageSchema } from '@parley/protocol';
import { describe, expect, it } from 'vitest';
import { ChecklistCoverage } from './coverage.ts';
import { checklistMessage, suggestionsMessage } from './messages.ts';
import type { Suggestion } from './types.ts';

const s: Suggestion = {
  id: 'id-1',
  text: 'What is your churn?',
  priority: 'important',
  reason: 'not discussed yet: Churn',
  category: 'metrics',
  checklistItemId: 'churn',
  source: 'template',
  templateVersion: 'investment_screening/checklist@1.1.0',
  status: 'active',
  createdAt: 1_700_000_000_000,
};

describe('messages', () => {
  it('builds a valid suggestions message without internal fields', () => {
    const m = suggestionsMessage([s]);
    expect(suggestionsMessageSchema.parse(m)).toEqual(m);
    expect(m).toEqual({
      type: 'parley.suggestions',
      version: 1,
      suggestions: [
        {
          id: 'id-1',
          text: 'What is your churn?',
          priority: 'important',
          reason: 'not discussed yet: Churn',
          category: 'metrics',
          createdAt: 1_700_000_000_000,
          templateVersion: 'investment_screening/checklist@1.1.0',
          status: 'active',
        },
      ],
    });
    expect(JSON.parse(new TextDecoder().decode(encodeMessage(m)))).toEqual(m);
  });

  it('builds a valid checklist message, each covered item with its quote', () => {
    const cov = new ChecklistCoverage(loadChecklist('sales'));
    const seg = {
      id: 'a',
      speaker: 'p-1',
      text: 'our budget is small',
      startMs: 1200,
      endMs: 2000,
    };
    cov.add({ ...seg, speakerName: 'Ada Lovelace' });
    const m = checklistMessage(cov.items());
    expect(checklistMessageSchema.parse(m)).toEqual(m);
    expect(m.items.find((i) => i.id === 'budget')).toEqual({
      id: 'budget',
      title: 'Budget',
      priority: 'critical',
      state: 'discussed',
      evidence: {
        segmentId: 'a',
        quote: 'our budget is small',
        speaker: 'Ada Lovelace',
        startMs: 1200,
      },
    });
    // Items nobody talked about carry no evidence.
    expect(
      m.items.find((i) => i.id !== 'budget' && i.state === 'not_discussed'),
    ).not.toHaveProperty('evidence');
    // Without a display name the speaker's identity stands in.
    const bare = new ChecklistCoverage(loadChecklist('sales'));
    bare.add(seg);
    expect(
      checklistMessage(bare.items()).items.find((i) => i.id === 'budget')?.evidence?.speaker,
    ).toBe('p-1');
  });
});

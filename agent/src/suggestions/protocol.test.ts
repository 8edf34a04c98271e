import { loadChecklist } from '@parley/prompts';
import { describe, expect, it } from 'vitest';
import { ChecklistCoverage } from './coverage.ts';
import {
  checklistMessage,
  checklistMessageSchema,
  encodeMessage,
  parseFeedback,
  suggestionsMessage,
  suggestionsMessageSchema,
} from './protocol.ts';
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

  it('builds a valid checklist message', () => {
    const cov = new ChecklistCoverage(loadChecklist('sales'));
    cov.add({ id: 'a', speaker: 'x', text: 'our budget is small', startMs: 0, endMs: 1 });
    const m = checklistMessage(cov.items());
    expect(checklistMessageSchema.parse(m)).toEqual(m);
    expect(m.items.find((i) => i.id === 'budget')).toEqual({
      id: 'budget',
      title: 'Budget',
      priority: 'critical',
      state: 'discussed',
    });
  });
});

describe('parseFeedback', () => {
  const good = { type: 'parley.suggestion_feedback', version: 1, id: 'id-1', status: 'dismissed' };

  it('reads objects, strings and bytes', () => {
    expect(parseFeedback(good)).toEqual(good);
    expect(parseFeedback(JSON.stringify(good))).toEqual(good);
    expect(parseFeedback(new TextEncoder().encode(JSON.stringify(good)))).toEqual(good);
  });

  it.each([
    ['undefined', undefined],
    ['null', null],
    ['a number', 42],
    ['broken JSON', '{"type":'],
    ['invalid UTF-8', new Uint8Array([0xff, 0xfe, 0x7b])],
    ['another type', { ...good, type: 'parley.suggestions' }],
    ['another version', { ...good, version: 2 }],
    ['an unknown status', { ...good, status: 'active' }],
    ['an empty id', { ...good, id: '' }],
    ['a huge packet', 'x'.repeat(10_000)],
    ['an array', [good]],
    [
      'a getter that throws',
      Object.defineProperty({}, 'type', {
        get: () => {
          throw new Error('x');
        },
        enumerable: true,
      }),
    ],
  ])('returns null for %s', (_, raw) => {
    expect(parseFeedback(raw)).toBeNull();
  });
});

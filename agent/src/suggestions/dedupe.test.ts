import { describe, expect, it } from 'vitest';
import { askedScore, dedupeDrafts, matchAskedSuggestion } from './dedupe.ts';
import type { SuggestionStatus } from '@parley/protocol';
import type { Suggestion } from './types.ts';

const sug = (id: string, text: string, status: SuggestionStatus = 'active') => ({
  id,
  text,
  status,
});

describe('dedupeDrafts', () => {
  it('drops drafts similar to earlier suggestions of any status', () => {
    const previous: Pick<Suggestion, 'text' | 'checklistItemId' | 'status'>[] = [
      { text: 'What is your monthly churn?', status: 'dismissed' },
      { text: 'How big is the team?', status: 'asked' },
    ];
    const out = dedupeDrafts(
      [
        { text: 'And what is monthly churn right now?' },
        { text: 'How big is your team today?' },
        { text: 'What is your burn rate?' },
      ],
      previous,
    );
    expect(out.map((d) => d.text)).toEqual(['What is your burn rate?']);
  });

  it('drops repeats within the list and second drafts for one checklist item', () => {
    const out = dedupeDrafts(
      [
        { text: 'What is your CAC?', checklistItemId: 'cac' },
        { text: 'What is your CAC?' },
        { text: 'Which channel brings customers cheapest?', checklistItemId: 'cac' },
        { text: 'Who are your competitors?' },
      ],
      [],
    );
    expect(out.map((d) => d.text)).toEqual(['What is your CAC?', 'Who are your competitors?']);
  });

  it('uses the threshold', () => {
    const prev = [{ text: 'alpha beta gamma delta' }];
    expect(dedupeDrafts([{ text: 'alpha beta gamma epsilon' }], prev, 0.7)).toHaveLength(1); // 3/5
    expect(dedupeDrafts([{ text: 'alpha beta gamma epsilon' }], prev, 0.6)).toHaveLength(0);
  });
});

describe('matchAskedSuggestion', () => {
  const list = [
    sug('a', 'What is your monthly net burn, and how many months of runway do you have?'),
    sug('b', 'Who are your main competitors?'),
    sug('c', 'How big is the market you are going after?', 'dismissed'),
  ];

  it('matches a question read out, with extra words', () => {
    expect(
      matchAskedSuggestion(
        'okay so what is your monthly net burn and how many months of runway do you have',
        list,
      ),
    ).toBe('a');
    expect(matchAskedSuggestion('who are the main competitors', list)).toBe('b');
  });

  it('returns null for unrelated speech and ignores suggestions not shown', () => {
    expect(matchAskedSuggestion('what did you have for lunch', list)).toBeNull();
    expect(matchAskedSuggestion('How big is the market you are going after?', list)).toBeNull();
  });

  it('scores by the share of the suggestion said', () => {
    expect(askedScore('competitors', 'Who are your main competitors?')).toBe(0.5);
  });
});

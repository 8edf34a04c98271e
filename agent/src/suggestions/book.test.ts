import { describe, expect, it } from 'vitest';
import { SuggestionBook } from './book.ts';
import type { SuggestionDraft } from './types.ts';

const d = (text: string, extra: Partial<SuggestionDraft> = {}): SuggestionDraft => ({
  text,
  priority: 'important',
  reason: 'r',
  category: 'other',
  source: 'template',
  templateVersion: 'v',
  ...extra,
});

function book(maxShown = 3) {
  let n = 0;
  return new SuggestionBook({ newId: () => `s${++n}`, now: () => 1000, maxShown });
}

describe('SuggestionBook', () => {
  it('adds drafts as active with ids and drops repeats', () => {
    const b = book();
    expect(
      b.offer([d('What is your churn?'), d('Who are your competitors?')]).map((s) => s.id),
    ).toEqual(['s1', 's2']);
    expect(
      b.offer([d('And what is the churn?'), d('How big is the market?')]).map((s) => s.text),
    ).toEqual(['How big is the market?']);
    expect(b.get('s1')).toMatchObject({ status: 'active', createdAt: 1000 });
  });

  it('never re-adds a dismissed or asked suggestion', () => {
    const b = book();
    b.offer([d('What is your churn?'), d('How big is the market?')]);
    b.setStatus('s1', 'dismissed');
    b.setStatus('s2', 'asked');
    expect(b.offer([d('What is your churn?'), d('How big is the market?')])).toEqual([]);
  });

  it('shows pinned ones and the latest active ones', () => {
    const b = book(2);
    b.offer([d('alpha one'), d('beta two'), d('gamma three'), d('delta four')]);
    b.setStatus('s1', 'pinned');
    expect(b.shown().map((s) => s.id)).toEqual(['s1', 's3', 's4']);
    expect(b.setStatus('s1', 'pinned')).toBeNull();
    expect(b.setStatus('nope', 'asked')).toBeNull();
  });

  it('keeps the most important active ones when there are too many', () => {
    const b = book(2);
    b.offer([d('alpha one', { priority: 'critical' }), d('beta two', { priority: 'follow_up' })]);
    b.offer([
      d('gamma three', { priority: 'important' }),
      d('delta four', { priority: 'follow_up' }),
    ]);
    expect(b.shown().map((s) => s.id)).toEqual(['s1', 's3']);
  });

  it('marks a suggestion asked when someone says it', () => {
    const b = book();
    b.offer([d('What is your monthly net burn?'), d('Who are your competitors?')]);
    expect(b.markAskedFromSpeech('so what is your monthly net burn')?.id).toBe('s1');
    expect(b.get('s1')?.status).toBe('asked');
    expect(b.markAskedFromSpeech('so what is your monthly net burn')).toBeNull();
    expect(b.markAskedFromSpeech('nice weather today')).toBeNull();
  });
});

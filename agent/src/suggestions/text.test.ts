import { describe, expect, it } from 'vitest';
import { contentTokens, isQuestion, stem, stemTokens, textSimilarity, truncate } from './text.ts';

describe('stem', () => {
  it('maps inflections of a word to one stem', () => {
    for (const [a, b] of [
      ['churns', 'churn'],
      ['companies', 'company'],
      ['pricing', 'price'],
      ['decided', 'decide'],
      ['planning', 'plan'],
      ['frustrated', 'frustrat'],
      ['frustrating', 'frustrat'],
      ['sales', 'sale'],
      ['issues', 'issue'],
    ] as const) {
      expect(stem(a), a).toBe(stem(b));
    }
  });

  it('leaves short words and -ss words alone', () => {
    expect(stem('cac')).toBe('cac');
    expect(stem('process')).toBe('process');
    expect(stem('arr')).toBe('arr');
  });
});

describe('tokens', () => {
  it('splits on punctuation, drops possessives and apostrophes', () => {
    expect(stemTokens("The company's co-founders don't")).toEqual([
      'the',
      'company',
      'co',
      'founder',
      'dont',
    ]);
  });

  it('keeps content words for similarity', () => {
    expect([...contentTokens('What is your churn?')]).toEqual(['churn']);
    expect(textSimilarity('What is your churn?', 'What is your burn?')).toBe(0);
    expect(textSimilarity('What is your monthly churn?', 'And your monthly churn?')).toBe(1);
  });
});

describe('isQuestion', () => {
  it.each([
    'What is your MRR?',
    'how big is the team',
    'so what happens next',
    'do you have any churn numbers',
    'is there a budget for this',
    'tell me about the founders',
    'We grew 20 percent?',
  ])('%s is a question', (t) => expect(isQuestion(t)).toBe(true));

  it.each(['We grew 20 percent.', 'there is a budget', 'I do not know', ''])(
    '%s is not a question',
    (t) => expect(isQuestion(t)).toBe(false),
  );
});

describe('truncate', () => {
  it('cuts at a word boundary with an ellipsis', () => {
    const t = truncate('one two three four five six', 15);
    expect(t.length).toBeLessThanOrEqual(15);
    expect(t).toBe('one two three…');
    expect(truncate('short', 15)).toBe('short');
  });
});

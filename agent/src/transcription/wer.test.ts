import { describe, expect, it } from 'vitest';
import { wordErrorRate } from './wer.ts';

describe('wordErrorRate', () => {
  it('is 0 for the same words, ignoring case and punctuation', () => {
    expect(wordErrorRate('Hello, world!', 'hello world')).toBe(0);
  });
  it('counts substitutions, insertions and deletions', () => {
    expect(wordErrorRate('a b c d', 'a x c')).toBeCloseTo(0.5); // one substitution, one deletion
    expect(wordErrorRate('a b', 'a b c d')).toBe(1); // two insertions
  });
  it('handles empty references', () => {
    expect(wordErrorRate('', '')).toBe(0);
    expect(wordErrorRate('', 'x')).toBe(1);
  });
});

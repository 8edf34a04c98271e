import { describe, expect, it } from 'vitest';
import { citationParts } from '../../postmeeting/format.ts';
import { sanitizeCitations } from './citations.ts';

describe('answer citations', () => {
  it('keeps [n] only for passages that exist', () => {
    expect(sanitizeCitations('A [1], B [3] and C [0] [12]', 3)).toBe('A [1], B [3] and C  ');
  });

  it('splits an answer into text and citation parts for rendering', () => {
    expect(citationParts('Churn is 2% [1]. See [2]')).toEqual([
      { text: 'Churn is 2% ' },
      { cite: 1 },
      { text: '. See ' },
      { cite: 2 },
    ]);
    expect(citationParts('<b>no html</b>')).toEqual([{ text: '<b>no html</b>' }]);
  });
});

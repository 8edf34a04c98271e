import { describe, expect, it } from 'vitest';
import { composePhones, vocabularyWords } from './vocabulary.ts';

const dict: Record<string, string> = {
  data: 'D EY T AH',
  flow: 'F L OW',
  acme: 'AE K M IY',
  corp: 'K AO R P',
};
const lookup = (w: string) => dict[w] ?? null;

describe('vocabulary', () => {
  it('splits terms into clean lower-case words', () => {
    expect(vocabularyWords(['Acme-Corp', 'DataFlow Inc.', ' MRR, CAC '])).toEqual([
      'acme-corp',
      'dataflow',
      'inc',
      'mrr',
      'cac',
    ]);
  });
  it('builds phones from known words', () => {
    expect(composePhones('data', lookup)).toBe('D EY T AH');
    expect(composePhones('dataflow', lookup)).toBe('D EY T AH F L OW');
    expect(composePhones('acme-corp', lookup)).toBe('AE K M IY K AO R P');
    expect(composePhones('zyxw', lookup)).toBeNull();
  });
});

import { describe, expect, it } from 'vitest';
import { SpeechCaser } from './casing.ts';

function caser(): SpeechCaser {
  const c = new SpeechCaser();
  c.addNames(['Ada Lovelace', 'Will Stone', 'Acme Corp']);
  c.addTerms(['DataFlow', 'Series B', 'kubernetes', 'Quarterly review']);
  return c;
}

describe('SpeechCaser', () => {
  it('puts back the first capital, I, days and months', () => {
    expect(caser().apply("i'll send it on friday and i think we close in june")).toBe(
      "I'll send it on Friday and I think we close in June",
    );
  });

  it("writes the meeting's names and terms as they were written", () => {
    const c = caser();
    expect(c.apply('ada can you ask acme about the dataflow numbers')).toBe(
      'Ada can you ask Acme about the DataFlow numbers',
    );
    expect(c.apply('our series b closes with acme corp')).toBe(
      'Our Series B closes with Acme Corp',
    );
    expect(c.apply("lovelace said acme's board agreed")).toBe("Lovelace said Acme's board agreed");
  });

  it('guesses nothing else: modal "will", "may", "march", common words of a term', () => {
    const c = caser();
    // "Will" is a name here, but "will" is also a function word: left alone.
    expect(c.apply('we will see in may whether we march on')).toBe(
      'We will see in may whether we march on',
    );
    // A one-word term in lowercase and the words of a longer term on their own stay as said.
    expect(c.apply('the quarterly numbers need a review before kubernetes')).toBe(
      'The quarterly numbers need a review before kubernetes',
    );
    expect(c.apply('the b side')).toBe('The b side');
  });

  it('leaves text a provider already cased, and empty text, as it is', () => {
    expect(caser().apply('We met acme on friday.')).toBe('We met acme on friday.');
    expect(caser().apply('')).toBe('');
  });
});

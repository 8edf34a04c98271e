import { describe, expect, it } from 'vitest';
import { parseTsquery, printTsquery, withoutPhrases } from './search-tsquery.ts';

describe('tsquery text', () => {
  it('parses with PostgreSQL precedence (! then <-> then & then |) and prints back', () => {
    const round = (q: string) => {
      const n = parseTsquery(q);
      return n && printTsquery(n);
    };
    expect(round("'a' & 'b' <-> 'c' | 'd'")).toBe("( ( 'a' & ( 'b' <-> 'c' ) ) | 'd' )");
    expect(round("!( 'd' <2> 'e' ) & 'o''neil':*")).toBe("( !( ( 'd' <2> 'e' ) ) & 'o''neil':* )");
    expect(round('')).toBeNull();
    expect(() => parseTsquery("'a' &")).toThrow();
    expect(() => parseTsquery("( 'a'")).toThrow();
    expect(() => parseTsquery('a')).toThrow();
  });

  it('widens phrases to AND, except where a NOT is involved', () => {
    expect(withoutPhrases("'a' & 'b'")).toBeNull();
    expect(withoutPhrases("'price' <-> 'page' | 'churn'")).toBe(
      "( ( 'price' & 'page' ) | 'churn' )",
    );
    expect(withoutPhrases("'head' <2> 'sale' & !( 'd' <-> 'e' )")).toBe(
      "( ( 'head' & 'sale' ) & !( ( 'd' <-> 'e' ) ) )",
    );
    expect(withoutPhrases("'a' <-> !'b'")).toBeNull();
    expect(withoutPhrases("!( 'a' <-> 'b' )")).toBeNull();
  });
});

import { describe, expect, it } from 'vitest';
import { idealDocuments } from './search-ideal.ts';

describe('ideal segment of a query', () => {
  it('places positive words in query order, keeps phrase gaps, drops negated words', () => {
    expect(idealDocuments("'churn'")).toEqual(["'churn':1"]);
    expect(idealDocuments("'churn' & 'rate'")).toEqual(["'churn':1 'rate':2"]);
    expect(idealDocuments("'head' <2> 'sale'")).toEqual(["'head':1 'sale':3"]);
    expect(idealDocuments("'head' & 'sale' & !'draft' & 'price' <-> 'page'")).toEqual([
      "'head':1 'sale':2 'price':3 'page':4",
    ]);
    expect(idealDocuments("!( 'd' <-> 'e' ) & 'x'")).toEqual(["'x':1"]);
    expect(idealDocuments("!'b'")).toEqual(['']);
    expect(idealDocuments('')).toEqual(['']);
  });

  it('has one ideal segment per OR alternative', () => {
    expect(idealDocuments("'price' <-> 'page' | 'churn'")).toEqual([
      "'price':1 'page':2",
      "'churn':1",
    ]);
    expect(idealDocuments("'a' & 'b' | 'c' | !'d'")).toEqual(["'a':1 'b':2", "'c':1", '']);
  });

  it('keeps quoting, prefixes and repeated words safe', () => {
    expect(idealDocuments("'o''neil' & 'x' & 'x'")).toEqual(["'o''neil':1 'x':2"]);
    expect(idealDocuments("'run':* & 'fast':AB")).toEqual(["'run':1 'fast':2"]);
    expect(idealDocuments("( 'a' | 'b' ) <3> 'c'")).toEqual(["'a':1 'b':2 'c':5"]);
  });
});

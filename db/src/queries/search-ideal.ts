// The "ideal segment" of a query: the query's own words said once, in order (phrase gaps kept,
// negated words left out). Its ts_rank is the relevance cap (search-rank.ts): a segment that
// matches as well as saying the query once ranks at the cap, and saying a word again does not
// lift it above a newer segment at the cap. A query with OR has one ideal segment per
// alternative and the cap is the lowest of their ranks: fully matching any alternative is a full
// match.
import { parseTsquery, type Node } from './search-tsquery.ts';

/** Highest position a tsvector holds. */
const MAX_POS = 16383;

/**
 * The ideal segments of a tsquery (as PostgreSQL prints it), as tsvector text: one per top-level
 * OR alternative (one for a query without OR), each holding the alternative's positive lexemes
 * once, at the positions its phrase operators put them ('' when there are none).
 */
export function idealDocuments(tsquery: string): string[] {
  const root = parseTsquery(tsquery);
  if (!root) return [''];
  const alternatives: Node[] = [];
  const split = (n: Node): void => {
    if (n.op === '|') {
      split(n.left);
      split(n.right);
    } else alternatives.push(n);
  };
  split(root);
  return alternatives.map(ideal);
}

function ideal(root: Node): string {
  const placed = new Map<string, number>();
  // Places a node's words from `pos`; returns the position of its last word.
  const place = (n: Node, pos: number): number => {
    switch (n.op) {
      case 'lex':
        if (!placed.has(n.text) && pos <= MAX_POS) placed.set(n.text, pos);
        return pos;
      case 'not':
        return pos - 1;
      case 'phrase':
        return place(n.right, place(n.left, pos) + n.distance);
      default:
        return place(n.right, place(n.left, pos) + 1);
    }
  };
  place(root, 1);
  return [...placed].map(([lex, pos]) => `${lex}:${pos}`).join(' ');
}

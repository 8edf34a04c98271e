// The "ideal segment" of a query: the query's own words said once, in order (phrase gaps kept,
// negated words left out). Its ts_rank is the relevance cap (search-rank.ts): a segment that
// matches as well as saying the query once ranks at the cap, and saying a word again does not
// lift it above a newer segment at the cap. A query with OR has one ideal segment per
// alternative and the cap is the lowest of their ranks: fully matching any alternative is a full
// match.

type Node =
  | { op: 'lex'; text: string }
  | { op: 'not'; arg: Node }
  | { op: '&' | '|'; left: Node; right: Node }
  | { op: 'phrase'; distance: number; left: Node; right: Node };

/** PostgreSQL's tsquery output: 'lexeme'[:*ABCD], !, &, |, <->, <N>, parentheses. */
const TOKEN = /\s*(?:('(?:[^']|'')*')(?::[*A-D]+)?|(<->|<\d+>|[!&|()]))/y;

function tokenize(text: string): string[] {
  const out: string[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < text.length) {
    const at = TOKEN.lastIndex;
    const m = TOKEN.exec(text);
    if (!m) {
      if (/^\s*$/.test(text.slice(at))) break;
      throw new Error(`unexpected tsquery text at ${at}`);
    }
    out.push(m[1] ?? m[2] ?? '');
  }
  return out;
}

// Binding, loosest first: | then & then <-> / <N>; ! binds tightest.
const LEVELS: ((t: string) => boolean)[] = [
  (t) => t === '|',
  (t) => t === '&',
  (t) => t === '<->' || /^<\d+>$/.test(t),
];

function parse(tokens: string[]): Node | null {
  let i = 0;
  const peek = () => tokens[i];
  const binary = (level: number): Node => {
    if (level === LEVELS.length) return unary();
    let left = binary(level + 1);
    for (let t = peek(); t !== undefined && LEVELS[level]?.(t); t = peek()) {
      i++;
      const right = binary(level + 1);
      if (t === '|' || t === '&') left = { op: t, left, right };
      else left = { op: 'phrase', distance: t === '<->' ? 1 : Number(t.slice(1, -1)), left, right };
    }
    return left;
  };
  const unary = (): Node => {
    const t = tokens[i++];
    if (t === '!') return { op: 'not', arg: unary() };
    if (t === '(') {
      const n = binary(0);
      if (tokens[i++] !== ')') throw new Error('unbalanced tsquery');
      return n;
    }
    if (t?.startsWith("'")) return { op: 'lex', text: t };
    throw new Error('malformed tsquery');
  };
  if (tokens.length === 0) return null;
  const root = binary(0);
  if (i !== tokens.length) throw new Error('trailing tsquery tokens');
  return root;
}

/** Highest position a tsvector holds. */
const MAX_POS = 16383;

/**
 * The ideal segments of a tsquery (as PostgreSQL prints it), as tsvector text: one per top-level
 * OR alternative (one for a query without OR), each holding the alternative's positive lexemes
 * once, at the positions its phrase operators put them ('' when there are none).
 */
export function idealDocuments(tsquery: string): string[] {
  const root = parse(tokenize(tsquery));
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

// PostgreSQL's tsquery text (as `tsquery::text` prints it), parsed and printed back, for the
// query rewrites search needs (search-ideal.ts, `withoutPhrases`).

export type Node =
  | { op: 'lex'; text: string; suffix: string }
  | { op: 'not'; arg: Node }
  | { op: '&' | '|'; left: Node; right: Node }
  | { op: 'phrase'; distance: number; left: Node; right: Node };

/** PostgreSQL's tsquery output: 'lexeme'[:*ABCD], !, &, |, <->, <N>, parentheses. */
const TOKEN = /\s*(?:('(?:[^']|'')*'(?::[*A-D]+)?)|(<->|<\d+>|[!&|()]))/y;

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

/** The tree of a tsquery as PostgreSQL prints it (null for an empty query). */
export function parseTsquery(text: string): Node | null {
  const tokens = tokenize(text);
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
    if (t?.startsWith("'")) {
      const end = t.lastIndexOf("'");
      return { op: 'lex', text: t.slice(0, end + 1), suffix: t.slice(end + 1) };
    }
    throw new Error('malformed tsquery');
  };
  if (tokens.length === 0) return null;
  const root = binary(0);
  if (i !== tokens.length) throw new Error('trailing tsquery tokens');
  return root;
}

/** Prints a tree back as tsquery text (fully parenthesised). */
export function printTsquery(n: Node): string {
  switch (n.op) {
    case 'lex':
      return n.text + n.suffix;
    case 'not':
      return `!( ${printTsquery(n.arg)} )`;
    case 'phrase':
      return `( ${printTsquery(n.left)} ${n.distance === 1 ? '<->' : `<${n.distance}>`} ${printTsquery(n.right)} )`;
    default:
      return `( ${printTsquery(n.left)} ${n.op} ${printTsquery(n.right)} )`;
  }
}

const hasNot = (n: Node): boolean =>
  n.op === 'not' || (n.op !== 'lex' && (hasNot(n.left) || hasNot(n.right)));

/**
 * The tsquery with its phrase operators turned into AND where that only widens the match (not
 * under a NOT, none under them): what the index can answer without reading word positions back
 * from the rows. Null when the query has no such phrase.
 */
export function withoutPhrases(tsquery: string): string | null {
  const root = parseTsquery(tsquery);
  let changed = false;
  const relax = (n: Node): Node => {
    if (n.op === 'lex' || n.op === 'not') return n;
    if (n.op === 'phrase' && !hasNot(n)) {
      changed = true;
      return { op: '&', left: relax(n.left), right: relax(n.right) };
    }
    return { ...n, left: relax(n.left), right: relax(n.right) };
  };
  const relaxed = root && relax(root);
  return changed && relaxed ? printTsquery(relaxed) : null;
}

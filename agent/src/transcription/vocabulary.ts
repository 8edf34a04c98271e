/** How to find a word's phones: a dictionary lookup (null = unknown word). */
export type Lookup = (word: string) => string | null;

/** Splits terms ("Acme-Corp", "DataFlow Inc.") into the lower-case words they contain. */
export function vocabularyWords(terms: string[]): string[] {
  const words = new Set<string>();
  for (const t of terms) {
    for (const w of t.split(/[\s,;:()/"]+/)) {
      const clean = w.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '').toLowerCase();
      if (clean.length >= 2 && clean.length <= 40 && /^[a-z0-9'-]+$/.test(clean)) words.add(clean);
    }
  }
  return [...words];
}

/**
 * Phones for a word the dictionary lacks, built from words it has: "dataflow" → "data" +
 * "flow", "acme-corp" → "acme" + "corp". Null when no split into at most four known words
 * exists (offline there is no way to guess a pronunciation).
 */
export function composePhones(word: string, lookup: Lookup): string | null {
  const direct = lookup(word);
  if (direct) return direct;
  const parts = word.split('-').filter(Boolean);
  if (parts.length > 1) {
    const phones = parts.map((p) => composePhones(p, lookup));
    return phones.every((p) => p) ? phones.join(' ') : null;
  }
  const best = (rest: string, depth: number): string[] | null => {
    if (rest === '') return [];
    if (depth === 0) return null;
    for (let end = rest.length; end >= 2; end--) {
      const head = lookup(rest.slice(0, end));
      if (!head) continue;
      const tail = best(rest.slice(end), depth - 1);
      if (tail) return [head, ...tail];
    }
    return null;
  };
  const split = best(word, 4);
  return split && split.length > 0 ? split.join(' ') : null;
}

// Text normalisation shared by coverage matching, de-duplication and asked-question matching.
// English-only "stemming-lite": the same rules run on keywords and on speech, so consistency
// matters more than linguistic accuracy.

const STOPWORDS = new Set(
  (
    'a an the and or but if of to in on at by for with from as is are was were be been being am ' +
    'do does did done have has had having i me my we us our you your he him his she her it its ' +
    'they them their this that these those there here what which who whom whose when where why ' +
    'how can could would should will shall may might must not no so than then too very just ' +
    'about into over any some all each more most other such only own same also again further ' +
    "let let's lets tell please ok okay yeah yes right well um uh like really"
  ).split(' '),
);

/** Whether a lowercase word is a function word (articles, pronouns, modals, fillers). */
export function isStopword(word: string): boolean {
  return STOPWORDS.has(word);
}

/** Reduces a lowercase word to a crude stem: plurals, -ing, -ed and a final e. */
export function stem(word: string): string {
  let w = word;
  if (w.length > 4 && w.endsWith('ies')) w = `${w.slice(0, -3)}y`;
  else if (w.endsWith('sses')) w = w.slice(0, -2);
  else if (
    w.length > 3 &&
    w.endsWith('s') &&
    !w.endsWith('ss') &&
    !w.endsWith('us') &&
    !w.endsWith('is')
  )
    w = w.slice(0, -1);
  let cut = false;
  if (w.length > 5 && w.endsWith('ing')) {
    w = w.slice(0, -3);
    cut = true;
  } else if (w.length > 4 && w.endsWith('ed')) {
    w = w.slice(0, -2);
    cut = true;
  }
  if (cut && w.length > 2) {
    const a = w.at(-1);
    if (a === w.at(-2) && a !== undefined && !'lsz'.includes(a) && !'aeiou'.includes(a))
      w = w.slice(0, -1);
  }
  if (w.length > 3 && w.endsWith('e')) w = w.slice(0, -1);
  return w;
}

/** Lowercase word tokens (letters and digits; apostrophes dropped, possessive 's removed). */
export function words(text: string): string[] {
  return text
    .toLowerCase()
    .replace(/['\u2019]s\b/g, '')
    .replace(/['\u2019]/g, '')
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 0);
}

/** Stemmed tokens of a text, in order (for keyword matching). */
export function stemTokens(text: string): string[] {
  return words(text).map(stem);
}

/** The stemmed content words of a text (stopwords removed), for similarity. */
export function contentTokens(text: string): Set<string> {
  const all = words(text);
  const content = all.filter((w) => !STOPWORDS.has(w));
  return new Set((content.length > 0 ? content : all).map(stem));
}

/** Jaccard similarity of two token sets (0 when both are empty). */
export function jaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 && b.size === 0) return 0;
  let both = 0;
  for (const t of a) if (b.has(t)) both++;
  return both / (a.size + b.size - both);
}

/** Similarity of two texts by their content words. */
export function textSimilarity(a: string, b: string): number {
  return jaccard(contentTokens(a), contentTokens(b));
}

const QUESTION_STARTS = new Set([
  'who',
  'what',
  'whats',
  'when',
  'where',
  'why',
  'how',
  'hows',
  'which',
  'whose',
]);
const AUX = new Set([
  'can',
  'could',
  'would',
  'will',
  'should',
  'do',
  'does',
  'did',
  'is',
  'are',
  'was',
  'were',
  'have',
  'has',
  'had',
  'may',
  'shall',
]);
const SUBJECTS = new Set(['you', 'we', 'they', 'i', 'it', 'there', 'he', 'she', 'your', 'that']);

/**
 * Whether a segment is a question: it ends in "?", starts with a wh-word, or starts like
 * "do you", "is there", "tell me" (speech recognisers often leave out the question mark).
 */
export function isQuestion(text: string): boolean {
  const t = text.trim();
  if (t.endsWith('?')) return true;
  const w = words(t).slice(0, 3);
  const [a, b] = w;
  if (a === undefined) return false;
  if (QUESTION_STARTS.has(a)) return true;
  if ((a === 'so' || a === 'and' || a === 'but') && b !== undefined && QUESTION_STARTS.has(b))
    return true;
  if (AUX.has(a) && b !== undefined && SUBJECTS.has(b)) return true;
  return a === 'tell' && (b === 'me' || b === 'us');
}

/** Cuts text to `max` characters at a word boundary, with an ellipsis. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

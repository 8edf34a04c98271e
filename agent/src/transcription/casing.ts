import { isStopword } from '../suggestions/text.ts';

// Offline recognisers (pocketsphinx) write speech in lowercase: "i will call acme on friday".
// A reader expects "I will call Acme on Friday". Capitals are put back where they are known
// for sure: the first word, the pronoun I, days and months, and the meeting's own names as
// they were written (participants, subject, vocabulary). Nothing else is guessed.

/** Days and months ("may" and "march" are left out: far more often a verb). */
const CALENDAR = [
  'Monday',
  'Tuesday',
  'Wednesday',
  'Thursday',
  'Friday',
  'Saturday',
  'Sunday',
  'January',
  'February',
  'April',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

const UPPER = /\p{Lu}/u;

/** A term's words without surrounding punctuation ("Acme, Inc." → ["Acme", "Inc"]). */
function termWords(term: string): string[] {
  return term
    .split(/\s+/)
    .map((w) => w.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, ''))
    .filter(Boolean);
}

export class SpeechCaser {
  /** Lowercase word → as written. */
  readonly #words = new Map<string, string>();
  /** Lowercase phrases (space-joined) → as written, longest first when applied. */
  readonly #phrases = new Map<string, string[]>();
  #longest = 1;

  constructor() {
    for (const w of CALENDAR) this.#words.set(w.toLowerCase(), w);
  }

  /**
   * Terms to write as given: a one-word term ("DataFlow") wherever the word is said; a longer
   * one ("Acme Capital Partners") where all its words are said in order. Terms without a
   * capital change nothing.
   */
  addTerms(terms: Iterable<string>): void {
    for (const term of terms) {
      const ws = termWords(term);
      if (ws.length === 1) this.#word(ws[0] ?? '');
      else this.#phrase(ws);
    }
  }

  /**
   * Proper names (people, the company a meeting is about): the whole name, and each of its
   * words on its own ("Ada" and "Lovelace" of "Ada Lovelace"), since people say them apart.
   */
  addNames(names: Iterable<string>): void {
    for (const name of names) {
      const ws = termWords(name);
      if (ws.length > 1) this.#phrase(ws);
      for (const w of ws) if (w.length >= 3) this.#word(w);
    }
  }

  #word(w: string): void {
    const lower = w.toLowerCase();
    if (lower.length < 2 || lower === w || isStopword(lower)) return;
    this.#words.set(lower, w);
  }

  #phrase(ws: string[]): void {
    if (ws.length > 6 || !ws.some((w) => UPPER.test(w))) return;
    this.#phrases.set(ws.join(' ').toLowerCase(), ws);
    this.#longest = Math.max(this.#longest, ws.length);
  }

  /** `text` with its capitals put back; text that has any capital already is left as it is. */
  apply(text: string): string {
    if (text.length === 0 || UPPER.test(text)) return text;
    const tokens = text.split(' ');
    const out: string[] = [];
    for (let i = 0; i < tokens.length;) {
      let taken = 0;
      for (let n = Math.min(this.#longest, tokens.length - i); n > 1 && taken === 0; n--) {
        const cased = this.#phrases.get(tokens.slice(i, i + n).join(' '));
        if (cased) {
          out.push(...cased);
          taken = n;
        }
      }
      if (taken > 0) {
        i += taken;
        continue;
      }
      out.push(this.#token(tokens[i] ?? ''));
      i++;
    }
    const joined = out.join(' ');
    return joined.charAt(0).toUpperCase() + joined.slice(1);
  }

  #token(t: string): string {
    if (t === 'i' || t.startsWith("i'")) return `I${t.slice(1)}`;
    const known = this.#words.get(t);
    if (known) return known;
    // A possessive of a known word: "acme's".
    if (t.endsWith("'s")) {
      const base = this.#words.get(t.slice(0, -2));
      if (base) return `${base}'s`;
    }
    return t;
  }
}

/** The casing of one meeting: its subject as a name, its vocabulary as terms. */
export function meetingCasing(meeting: {
  subject: string | null;
  vocabulary: readonly string[];
}): SpeechCaser {
  const c = new SpeechCaser();
  if (meeting.subject) c.addNames([meeting.subject]);
  c.addTerms(meeting.vocabulary);
  return c;
}

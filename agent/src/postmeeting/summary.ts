import {
  contentTokens,
  isQuestion,
  isStopword,
  jaccard,
  stem,
  words,
} from '../suggestions/text.ts';
import type { Line, Point, SummaryResult, Transcript } from './types.ts';

// Extractive summary (no LLM): lines ranked by centrality (TextRank: PageRank over the TF-IDF
// cosine-similarity graph of lines), the most central distinct ones as key points; decisions and
// open questions picked by cue phrases and ranked the same way.

const DECISION =
  /\b(?:we (?:decided|agreed|will go with|are going with|'re going with|settled on)|decision is|let's go with|agreed to|we'll go with|final answer|the plan is)\b/i;

export interface ExtractiveOptions {
  minKeyPoints: number;
  maxKeyPoints: number;
  maxDecisions: number;
  maxQuestions: number;
  /** Lines with fewer content words are not candidates. */
  minContentWords: number;
  iterations: number;
  damping: number;
}

export const defaultExtractiveOptions: ExtractiveOptions = {
  minKeyPoints: 3,
  maxKeyPoints: 8,
  maxDecisions: 5,
  maxQuestions: 5,
  minContentWords: 3,
  iterations: 30,
  damping: 0.85,
};

/** TextRank scores, one per line (0 for lines too short to be candidates). */
export function centrality(
  lines: Line[],
  o: ExtractiveOptions = defaultExtractiveOptions,
): number[] {
  const n = lines.length;
  const tokens = lines.map((l) => [...contentTokens(l.text)]);
  const df = new Map<string, number>();
  for (const ts of tokens) for (const t of ts) df.set(t, (df.get(t) ?? 0) + 1);
  const vecs = tokens.map((ts) => {
    const v = new Map<string, number>();
    for (const t of ts) v.set(t, Math.log(1 + n / (df.get(t) ?? 1)));
    let norm = 0;
    for (const x of v.values()) norm += x * x;
    norm = Math.sqrt(norm) || 1;
    for (const [k, x] of v) v.set(k, x / norm);
    return v;
  });
  // Sparse similarity through an inverted index (only pairs sharing a word).
  const postings = new Map<string, number[]>();
  vecs.forEach((v, i) => {
    if (tokens[i] && tokens[i].length >= o.minContentWords) {
      for (const t of v.keys()) {
        let p = postings.get(t);
        if (!p) postings.set(t, (p = []));
        p.push(i);
      }
    }
  });
  const edges: Map<number, number>[] = Array.from({ length: n }, () => new Map<number, number>());
  for (const [t, list] of postings) {
    // Words in most lines carry no signal and cost n² pairs.
    if (list.length > Math.max(50, n * 0.2)) continue;
    for (let a = 0; a < list.length; a++) {
      const i = list[a] ?? 0;
      const wi = vecs[i]?.get(t) ?? 0;
      for (let b = a + 1; b < list.length; b++) {
        const j = list[b] ?? 0;
        const w = wi * (vecs[j]?.get(t) ?? 0);
        const ei = edges[i];
        const ej = edges[j];
        if (!ei || !ej) continue;
        ei.set(j, (ei.get(j) ?? 0) + w);
        ej.set(i, (ej.get(i) ?? 0) + w);
      }
    }
  }
  const out = edges.map((e) => [...e.values()].reduce((s, x) => s + x, 0));
  let score = new Array<number>(n).fill(1 / Math.max(n, 1));
  for (let it = 0; it < o.iterations; it++) {
    const next = new Array<number>(n).fill((1 - o.damping) / Math.max(n, 1));
    for (let i = 0; i < n; i++) {
      const oi = out[i] ?? 0;
      if (oi === 0) continue;
      const si = score[i] ?? 0;
      for (const [j, w] of edges[i] ?? []) next[j] = (next[j] ?? 0) + (o.damping * si * w) / oi;
    }
    score = next;
  }
  return score.map((s, i) => ((tokens[i]?.length ?? 0) >= o.minContentWords ? s : 0));
}

const point = (l: Line): Point => ({
  text: l.text.trim(),
  segmentId: l.segmentId,
  startMs: l.startMs,
});

/** The best-scored lines, skipping near-duplicates of ones already taken, in meeting order. */
function pick(lines: Line[], scores: number[], filter: (l: Line) => boolean, max: number): Line[] {
  const order = lines
    .map((l, i) => ({ l, s: scores[i] ?? 0 }))
    .filter((x) => x.s > 0 && filter(x.l))
    .sort((a, b) => b.s - a.s);
  const taken: { l: Line; t: Set<string> }[] = [];
  for (const { l } of order) {
    if (taken.length >= max) break;
    const t = contentTokens(l.text);
    if (taken.some((x) => jaccard(x.t, t) > 0.5)) continue;
    taken.push({ l, t });
  }
  return taken.map((x) => x.l).sort((a, b) => a.startMs - b.startMs);
}

/** A question nobody answered: no other speaker picked up one of its words within 3 lines. */
function unanswered(lines: Line[], idx: number): boolean {
  const q = lines[idx];
  if (!q) return false;
  const qt = contentTokens(q.text);
  for (const l of lines.slice(idx + 1, idx + 4)) {
    if (l.speakerIdentity === q.speakerIdentity) continue;
    const lt = contentTokens(l.text);
    if ([...qt].some((t) => lt.has(t))) return false;
  }
  return true;
}

/** The most frequent meaningful words (surface forms), for the overview. */
/** Words too common in meetings to name what one was about. */
const NOT_TOPICS = new Set(
  (
    'think know going want yeah okay right because much well thing things something good great ' +
    'need make said thanks thank everyone today tomorrow yesterday week month year next last ' +
    'would could should have were they there their them then when where which your from been ' +
    'some more very'
  ).split(' '),
);

const topical = (w: string | undefined): w is string =>
  w !== undefined && w.length >= 4 && !isStopword(w) && !NOT_TOPICS.has(w);

/**
 * What a meeting was most about: content words said more than once (a word's forms count
 * together, "customer" and "customers"; the form said most names it), most said first. Two
 * words said side by side every time either was said ("largest customer") count as one topic.
 */
function topics(lines: Line[], k: number): string[] {
  const single = new Map<string, number>();
  const pairs = new Map<string, number>();
  const forms = new Map<string, Map<string, number>>();
  const said = (key: string, form: string) => {
    let f = forms.get(key);
    if (!f) forms.set(key, (f = new Map<string, number>()));
    f.set(form, (f.get(form) ?? 0) + 1);
  };
  for (const l of lines) {
    const ws = words(l.text);
    ws.forEach((w, i) => {
      if (!topical(w)) return;
      const key = stem(w);
      single.set(key, (single.get(key) ?? 0) + 1);
      said(key, w);
      const next = ws[i + 1];
      if (!topical(next)) return;
      const pair = `${key} ${stem(next)}`;
      pairs.set(pair, (pairs.get(pair) ?? 0) + 1);
      said(pair, `${w} ${next}`);
    });
  }
  const counts = new Map(single);
  for (const [pair, c] of pairs) {
    const [a = '', b = ''] = pair.split(' ');
    if (c < 2 || single.get(a) !== c || single.get(b) !== c) continue;
    counts.delete(a);
    counts.delete(b);
    counts.set(pair, c);
  }
  // The form said most; on a tie the shortest ("customer" over "customers").
  const named = (key: string) =>
    [...(forms.get(key) ?? new Map<string, number>()).entries()].sort(
      (x, y) => y[1] - x[1] || x[0].length - y[0].length,
    )[0]?.[0] ?? key;
  return [...counts.entries()]
    .filter(([, c]) => c > 1)
    .sort((x, y) => y[1] - x[1])
    .slice(0, k)
    .map(([key]) => named(key));
}

export function extractiveSummary(
  t: Transcript,
  options: Partial<ExtractiveOptions> = {},
): SummaryResult {
  const o = { ...defaultExtractiveOptions, ...options };
  const { lines } = t;
  if (lines.length === 0) {
    return {
      source: 'extractive',
      overview: 'Nothing was transcribed in this meeting.',
      keyPoints: [],
      decisions: [],
      openQuestions: [],
    };
  }
  const scores = centrality(lines, o);
  const k = Math.min(o.maxKeyPoints, Math.max(o.minKeyPoints, Math.round(lines.length / 40)));
  const keyPoints = pick(lines, scores, (l) => !isQuestion(l.text), k);
  const decisions = pick(
    lines,
    scores.map((s) => s || 1e-9),
    (l) => DECISION.test(l.text),
    o.maxDecisions,
  );
  const qIdx = new Set(lines.map((l, i) => (isQuestion(l.text) && unanswered(lines, i) ? i : -1)));
  const openQuestions = pick(
    lines,
    scores.map((s) => s || 1e-9),
    (l) => qIdx.has(lines.indexOf(l)),
    o.maxQuestions,
  );
  const last = lines.at(-1);
  const minutes = Math.max(1, Math.round(((last?.endMs ?? 0) - (lines[0]?.startMs ?? 0)) / 60_000));
  const speakers = [...new Set(lines.map((l) => l.speakerName))];
  const tp = topics(lines, 6);
  const overview =
    `${minutes}-minute ${t.meeting.type.replace(/_/g, ' ')} meeting with ${speakers.length} ` +
    `speaker${speakers.length === 1 ? '' : 's'} (${speakers.slice(0, 6).join(', ')}` +
    `${speakers.length > 6 ? ', …' : ''}), ${lines.length} transcript lines.` +
    (tp.length > 0 ? ` Most discussed: ${tp.join(', ')}.` : '');
  return {
    source: 'extractive',
    overview,
    keyPoints: keyPoints.map(point),
    decisions: decisions.map(point),
    openQuestions: openQuestions.map(point),
  };
}

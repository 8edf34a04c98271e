// A stand-in for a perfect speech recogniser in benchmarks: it knows the lines of a script
// (their text and clean audio) and answers, for the audio of an utterance, the words of the
// line that audio is. It recognises by the shape of the loudness over time (20 ms frames), which
// survives Opus, resampling and the VAD's padding, at a cost of about a millisecond per request:
// a benchmark can match each final to its script line by text while the machine's CPU goes to
// what is measured. An utterance holding only part of a line gets only that part's words (in
// proportion), so a cut utterance shows as missing words, not as a perfect transcript.

const RATE = 16_000;
const FRAME = RATE / 50; // 20 ms
/** Frames quieter than this (dBFS) are silence: trimmed from the ends, floored in the shape. */
const FLOOR_DB = -55;
/** The shorter of the two envelopes must lie this much inside the other. */
const MIN_OVERLAP = 0.8;
/** Below this correlation the audio is not any line of the script (answered with nothing). */
const MIN_SCORE = 0.6;

interface Line {
  words: string[];
  env: Envelope;
}

export interface OracleMatch {
  /** Index of the line in the script. */
  line: number;
  /** Pearson correlation of the loudness shapes, -1–1. */
  score: number;
  /** The part of the line the audio covers (0–1 of its length). */
  from: number;
  to: number;
  text: string;
}

/** Loudness (dBFS, floored) of each 20 ms frame, trimmed of silence at both ends. */
export function loudness(pcm: Int16Array): Float64Array {
  const n = Math.floor(pcm.length / FRAME);
  const db = new Float64Array(n);
  for (let f = 0; f < n; f++) {
    let sum = 0;
    for (let i = f * FRAME; i < (f + 1) * FRAME; i++) {
      const v = (pcm[i] ?? 0) / 32_768;
      sum += v * v;
    }
    db[f] = Math.max(FLOOR_DB, 10 * Math.log10(sum / FRAME + 1e-12));
  }
  let a = 0;
  let b = n;
  while (a < b && (db[a] ?? FLOOR_DB) <= FLOOR_DB + 5) a++;
  while (b > a && (db[b - 1] ?? FLOOR_DB) <= FLOOR_DB + 5) b--;
  return db.subarray(a, b);
}

/** A loudness envelope with prefix sums, so a window's mean and variance cost O(1). */
interface Envelope {
  db: Float64Array;
  sum: Float64Array;
  sq: Float64Array;
}

function envelope(db: Float64Array): Envelope {
  const sum = new Float64Array(db.length + 1);
  const sq = new Float64Array(db.length + 1);
  for (let i = 0; i < db.length; i++) {
    const v = db[i] ?? 0;
    sum[i + 1] = (sum[i] ?? 0) + v;
    sq[i + 1] = (sq[i] ?? 0) + v * v;
  }
  return { db, sum, sq };
}

/** Pearson correlation of x[i] and y[i + lag] over the frames where both exist. */
function correlation(x: Envelope, y: Envelope, lag: number): number {
  const from = Math.max(0, -lag);
  const to = Math.min(x.db.length, y.db.length - lag);
  const n = to - from;
  if (n < 3) return -1;
  const range = (e: Envelope, a: number, b: number) => ({
    s: (e.sum[b] ?? 0) - (e.sum[a] ?? 0),
    q: (e.sq[b] ?? 0) - (e.sq[a] ?? 0),
  });
  const rx = range(x, from, to);
  const ry = range(y, from + lag, to + lag);
  let sxy = 0;
  for (let i = from; i < to; i++) sxy += (x.db[i] ?? 0) * (y.db[i + lag] ?? 0);
  const cov = sxy - (rx.s * ry.s) / n;
  const vx = rx.q - (rx.s * rx.s) / n;
  const vy = ry.q - (ry.s * ry.s) / n;
  return vx > 1e-9 && vy > 1e-9 ? cov / Math.sqrt(vx * vy) : -1;
}

export class ScriptOracle {
  readonly #lines: Line[];

  /** `lines`: each line's text and its speech as 16 kHz mono PCM. */
  constructor(lines: { text: string; pcm: Int16Array }[]) {
    this.#lines = lines.map((l) => ({
      words: l.text.split(/\s+/).filter(Boolean),
      env: envelope(loudness(l.pcm)),
    }));
  }

  get size(): number {
    return this.#lines.length;
  }

  /** The line the audio (16 kHz mono) is, and which part of it; null when it is none of them. */
  match(pcm: Int16Array): OracleMatch | null {
    const u = envelope(loudness(pcm));
    if (u.db.length < 5) return null;
    let best = { line: -1, score: -1, lag: 0 };
    this.#lines.forEach((l, line) => {
      const shorter = Math.min(u.db.length, l.env.db.length);
      const need = Math.ceil(shorter * MIN_OVERLAP);
      // lag: frame i of the utterance lines up with frame i + lag of the line. Every other lag
      // first, then the neighbours of the best one.
      const lo = need - u.db.length;
      const hi = l.env.db.length - need;
      let top = { score: -1, lag: lo };
      for (let lag = lo; lag <= hi; lag += 2) {
        const score = correlation(u, l.env, lag);
        if (score > top.score) top = { score, lag };
      }
      for (const lag of [top.lag - 1, top.lag + 1]) {
        if (lag < lo || lag > hi) continue;
        const score = correlation(u, l.env, lag);
        if (score > top.score) top = { score, lag };
      }
      if (top.score > best.score) best = { line, ...top };
    });
    const l = this.#lines[best.line];
    if (!l || best.score < MIN_SCORE) return null;
    const len = l.env.db.length;
    const from = Math.max(0, best.lag) / len;
    const to = Math.min(len, best.lag + u.db.length) / len;
    const n = l.words.length;
    const text = l.words.slice(Math.round(from * n), Math.max(1, Math.round(to * n))).join(' ');
    return { line: best.line, score: best.score, from, to, text };
  }

  /** What a perfect recogniser would say for this audio ('' when it is no line of the script). */
  transcribe(pcm: Int16Array): string {
    return this.match(pcm)?.text ?? '';
  }
}

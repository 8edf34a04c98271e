// A stand-in for a perfect speech recogniser in benchmarks: it knows the lines of a script
// (their text and clean audio) and answers, for the audio of an utterance, the words of the
// line that audio is. It recognises by the course of two features over time (loudness and
// brightness — how much of the energy is in quick changes, which tells hiss from vowels — per
// 20 ms frame), aligned by dynamic time warping, so it survives Opus, resampling, the VAD's
// padding and the time stretching a jitter buffer does under load, at a few milliseconds per
// request: a benchmark can match each final to its script line by text while the machine's CPU
// goes to what is measured. An utterance holding only part of a line gets only that part's
// words (in proportion), so a cut utterance shows as missing words, not as a perfect transcript.

const RATE = 16_000;
const FRAME = RATE / 50; // 20 ms
/** Frames quieter than this (dBFS) are silence: trimmed from the ends, floored in the shape. */
const FLOOR_DB = -55;
/** Mean distance per frame (of features scaled to unit spread) above which audio is no line. */
const MAX_COST = 0.8;
/** Brightness weighs as much as loudness. */
const BRIGHT_WEIGHT = 1;

interface Features {
  loud: Float64Array;
  bright: Float64Array;
}

interface Line {
  words: string[];
  f: Features;
  speaker: number;
}

export interface OracleMatch {
  /** Index of the line in the script. */
  line: number;
  /** Mean distance per frame of the alignment (0: identical). */
  cost: number;
  /** The part of the line the audio covers (0–1 of its length). */
  from: number;
  to: number;
  text: string;
  /** Who says the line (as the script gave it; 0 when it gave none). */
  speaker: number;
}

/** Scales a series to mean 0 and spread 1 (gain and voice level drop out). */
function standardise(x: Float64Array): Float64Array {
  let sum = 0;
  for (const v of x) sum += v;
  const mean = sum / x.length;
  let sq = 0;
  for (const v of x) sq += (v - mean) ** 2;
  const sd = Math.sqrt(sq / x.length) || 1;
  return x.map((v) => (v - mean) / sd);
}

/** Both features per 20 ms frame, trimmed of silence at both ends (not standardised). */
function frames(pcm: Int16Array): Features {
  const n = Math.floor(pcm.length / FRAME);
  const loud = new Float64Array(n);
  const bright = new Float64Array(n);
  for (let f = 0; f < n; f++) {
    let energy = 0;
    let change = 0;
    for (let i = f * FRAME; i < (f + 1) * FRAME; i++) {
      const v = (pcm[i] ?? 0) / 32_768;
      const d = v - (pcm[i - 1] ?? 0) / 32_768;
      energy += v * v;
      change += d * d;
    }
    loud[f] = Math.max(FLOOR_DB, 10 * Math.log10(energy / FRAME + 1e-12));
    bright[f] = 10 * Math.log10((change + 1e-9) / (energy + 1e-9));
  }
  let a = 0;
  let b = n;
  while (a < b && (loud[a] ?? FLOOR_DB) <= FLOOR_DB + 5) a++;
  while (b > a && (loud[b - 1] ?? FLOOR_DB) <= FLOOR_DB + 5) b--;
  return { loud: loud.subarray(a, b), bright: bright.subarray(a, b) };
}

function features(pcm: Int16Array): Features {
  const f = frames(pcm);
  return { loud: standardise(f.loud), bright: standardise(f.bright) };
}

/**
 * Subsequence dynamic time warping: every frame of `u` is aligned to a stretch of `c` (which may
 * be only part of it), each step moving on 1 frame in one and 1–2 in the other (so one can run
 * at most twice as fast as the other). Returns the mean distance per frame of `u` and the stretch.
 */
function align(
  u: Features,
  c: Features,
  /** Give up (null) once the mean distance must exceed this. */
  worst = Infinity,
): { cost: number; from: number; to: number } | null {
  const n = u.loud.length;
  const m = c.loud.length;
  let prev2 = new Float64Array(m).fill(Infinity);
  let prev = new Float64Array(m).fill(Infinity);
  let cur = new Float64Array(m);
  // Where on `c` the path ending in each cell started.
  let start2 = new Int32Array(m);
  let start1 = new Int32Array(m);
  let start = new Int32Array(m);
  const ul = u.loud;
  const ub = u.bright;
  const cl = c.loud;
  const cb = c.bright;
  const limit = worst * n;
  for (let i = 0; i < n; i++) {
    let rowBest = Infinity;
    const ui = ul[i] ?? 0;
    const bi = ub[i] ?? 0;
    const uh = ul[i - 1] ?? 0;
    const bh = ub[i - 1] ?? 0;
    for (let j = 0; j < m; j++) {
      const cj = cl[j] ?? 0;
      const bj = cb[j] ?? 0;
      const d = Math.abs(ui - cj) + BRIGHT_WEIGHT * Math.abs(bi - bj);
      if (i === 0) {
        cur[j] = d;
        start[j] = j;
        if (d < rowBest) rowBest = d;
        continue;
      }
      let best = Infinity;
      let from = 0;
      if (j >= 1 && (prev[j - 1] ?? Infinity) < best) {
        best = prev[j - 1] ?? Infinity;
        from = start1[j - 1] ?? 0;
      }
      if (j >= 2 && (prev[j - 2] ?? Infinity) < best) {
        best = prev[j - 2] ?? Infinity;
        from = start1[j - 2] ?? 0;
      }
      if (i >= 2 && j >= 1) {
        // Two frames of `u` on one of `c`: the skipped one's distance counts too.
        const v =
          (prev2[j - 1] ?? Infinity) + Math.abs(uh - cj) + BRIGHT_WEIGHT * Math.abs(bh - bj);
        if (v < best) {
          best = v;
          from = start2[j - 1] ?? 0;
        }
      }
      cur[j] = best + d;
      start[j] = from;
      if (best + d < rowBest) rowBest = best + d;
    }
    // Costs only grow along a path: no cell of this row can end below the limit any more.
    if (i > 0 && rowBest > limit) return null;
    [prev2, prev, cur] = [prev, cur, prev2];
    [start2, start1, start] = [start1, start, start2];
  }
  let cost = Infinity;
  let end = 0;
  for (let j = 0; j < m; j++) {
    if ((prev[j] ?? Infinity) < cost) {
      cost = prev[j] ?? Infinity;
      end = j;
    }
  }
  return { cost: cost / n, from: start1[end] ?? 0, to: end + 1 };
}

export class ScriptOracle {
  readonly #lines: Line[];

  /**
   * `lines`: each line's text and its speech as 16 kHz mono PCM (with a little of the silence
   * around it, so its quiet edges are trimmed the same way as an utterance's), and optionally
   * who says it (a diarizing fake labels the words with it).
   */
  constructor(lines: { text: string; pcm: Int16Array; speaker?: number }[]) {
    this.#lines = lines.map((l) => ({
      words: l.text.split(/\s+/).filter(Boolean),
      f: features(l.pcm),
      speaker: l.speaker ?? 0,
    }));
  }

  /**
   * The line the audio (16 kHz mono) is, and which part of it; null when it is none of them.
   * `likely`: a line to try first (e.g. the one an utterance matched so far, when it grows):
   * the search stays exhaustive, but the right line found first cuts the others short.
   */
  match(pcm: Int16Array, likely?: number): OracleMatch | null {
    const u = features(pcm);
    if (u.loud.length < 5) return null;
    type Best = { cost: number; from: number; to: number; line: number };
    let best: Best | null = null;
    // The likely line, then lines about as long as the utterance: the right one, found early,
    // lets the others be given up after a few frames.
    const order = this.#lines
      .map((l, line) => ({ l, line, off: Math.abs(Math.log(l.f.loud.length / u.loud.length)) }))
      // The utterance can be at most twice as long as the stretch of the line it is.
      .filter((x) => x.l.f.loud.length * 2 >= u.loud.length)
      .sort((a, b) => Number(b.line === likely) - Number(a.line === likely) || a.off - b.off);
    for (const { l, line } of order) {
      const a = align(u, l.f, best?.cost ?? MAX_COST);
      if (a && a.cost < (best?.cost ?? Infinity)) best = { ...a, line };
    }
    const l = best ? this.#lines[best.line] : undefined;
    if (!best || !l) return null;
    const len = l.f.loud.length;
    const n = l.words.length;
    const from = best.from / len;
    const to = best.to / len;
    const text = l.words.slice(Math.round(from * n), Math.max(1, Math.round(to * n))).join(' ');
    return { line: best.line, cost: best.cost, from, to, text, speaker: l.speaker };
  }

  /** What a perfect recogniser would say for this audio ('' when it is no line of the script). */
  transcribe(pcm: Int16Array): string {
    return this.match(pcm)?.text ?? '';
  }
}

// Which final transcript belongs to which line of a speaker's script: by text (the line it is
// closest to by word error rate), with time only as a bound. Matching by time alone takes the
// next final after a line's end, which may be another line's (a late final, a split one), and
// counts a line as heard when something else was.
import { wordErrorRate } from '@parley/agent/testing';

export interface SpokenLine {
  text: string;
  /** Wall-clock ms (epoch) where its speech starts and ends. */
  startAt: number;
  endAt: number;
}

export interface HeardFinal {
  text: string;
  /** Wall-clock ms (epoch) when a subscriber received it. */
  receivedAt: number;
}

export interface MatchOptions {
  /** A final later than this after a line's end is not that line's (ms). */
  lateMs: number;
  /** A final this early before a line's speech starts is not that line's (ms). */
  earlyMs: number;
}

export const defaultMatchOptions: MatchOptions = { lateMs: 10_000, earlyMs: 500 };

export interface MatchResult {
  /** Per line heard: end of speech → the last of its finals (ms). */
  latencies: number[];
  /** Lines with no final of theirs (within `lateMs` of their end of speech). */
  missed: number;
  /**
   * Lines heard only in part: all their finals came before their end of speech (the utterance
   * was cut and its tail gave no text). Their lost words count in `edits`; no latency.
   */
  cut: number;
  /** Finals that are no line's (no word in common with any line spoken around then). */
  stray: number;
  /** Word edits between each line and its finals put together. */
  edits: number;
  words: number;
}

const words = (t: string) => t.split(/\s+/).filter(Boolean).length;

/** Each line's finals (in the order received), and how many finals were no line's. */
export function assignFinals<F extends HeardFinal>(
  lines: SpokenLine[],
  finals: F[],
  options: Partial<MatchOptions> = {},
): { mine: F[][]; stray: number } {
  const o = { ...defaultMatchOptions, ...options };
  const mine = lines.map(() => [] as F[]);
  let stray = 0;
  for (const f of [...finals].sort((a, b) => a.receivedAt - b.receivedAt)) {
    let best: { i: number; wer: number; dt: number } | null = null;
    lines.forEach((l, i) => {
      if (f.receivedAt < l.startAt - o.earlyMs || f.receivedAt > l.endAt + o.lateMs) return;
      const wer = wordErrorRate(l.text, f.text);
      const dt = Math.abs(f.receivedAt - l.endAt);
      if (!best || wer < best.wer || (wer === best.wer && dt < best.dt)) best = { i, wer, dt };
    });
    const b = best as { i: number; wer: number } | null;
    // WER < 1: at least one word of the final lines up with the line.
    if (b && b.wer < 1) mine[b.i]?.push(f);
    else stray++;
  }
  return { mine, stray };
}

/** Matches one speaker's finals to their lines. */
export function matchFinals(
  lines: SpokenLine[],
  finals: HeardFinal[],
  options: Partial<MatchOptions> = {},
): MatchResult {
  const { mine, stray } = assignFinals(lines, finals, options);
  const out: MatchResult = { latencies: [], missed: 0, cut: 0, stray, edits: 0, words: 0 };
  lines.forEach((l, i) => {
    const got = mine[i] ?? [];
    const n = words(l.text);
    out.words += n;
    out.edits += wordErrorRate(l.text, got.map((f) => f.text).join(' ')) * n;
    const last = got.at(-1);
    if (!last) out.missed++;
    else if (last.receivedAt < l.endAt) out.cut++;
    else out.latencies.push(last.receivedAt - l.endAt);
  });
  return out;
}

/** Adds up the results of several speakers. */
export function mergeMatches(results: MatchResult[]): MatchResult {
  return results.reduce(
    (a, r) => ({
      latencies: a.latencies.concat(r.latencies),
      missed: a.missed + r.missed,
      cut: a.cut + r.cut,
      stray: a.stray + r.stray,
      edits: a.edits + r.edits,
      words: a.words + r.words,
    }),
    { latencies: [], missed: 0, cut: 0, stray: 0, edits: 0, words: 0 },
  );
}

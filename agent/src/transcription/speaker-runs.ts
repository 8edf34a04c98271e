/** A stretch of one voice in an utterance, as a diarizing provider labelled its words. */
export interface SpeakerRun {
  /** The provider's label of the voice (its own numbering, per connection). */
  speaker: string;
  text: string;
  /** Where the run starts and ends, as a share (0–1) of the utterance's words' span. */
  from: number;
  to: number;
}

/** A recognised word with the provider's times (s) and, on a diarized stream, its speaker. */
export interface LabelledWord {
  text: string;
  startTime?: number;
  endTime?: number;
  speakerId?: string | null;
}

/**
 * Splits an utterance's words into consecutive runs of the same speaker. Null when no word has
 * a speaker (the stream was not diarized): the utterance stays whole. A word without a speaker
 * in a diarized utterance belongs to the run it is in.
 */
export function speakerRuns(words: readonly LabelledWord[]): SpeakerRun[] | null {
  const spoken = words.filter((w) => w.text.trim() !== '');
  if (!spoken.some((w) => w.speakerId != null)) return null;
  const t0 = Math.min(...spoken.map((w) => w.startTime ?? Infinity));
  const t1 = Math.max(...spoken.map((w) => w.endTime ?? -Infinity));
  const span = Number.isFinite(t0) && Number.isFinite(t1) && t1 > t0 ? t1 - t0 : 0;
  const share = (t: number | undefined, i: number): number =>
    span > 0 && t !== undefined ? Math.min(1, Math.max(0, (t - t0) / span)) : i / spoken.length;
  const runs: (SpeakerRun & { words: string[] })[] = [];
  let current = spoken.find((w) => w.speakerId != null)?.speakerId ?? '';
  spoken.forEach((w, i) => {
    const speaker = w.speakerId ?? current;
    current = speaker;
    const last = runs.at(-1);
    const to = share(w.endTime, i + 1);
    if (last && last.speaker === speaker) {
      last.words.push(w.text.trim());
      last.to = Math.max(last.to, to);
    } else {
      runs.push({ speaker, text: '', words: [w.text.trim()], from: share(w.startTime, i), to });
    }
  });
  return runs.map(({ words: ws, ...r }) => ({ ...r, text: ws.join(' ') }));
}

/**
 * Numbers a track's voices 1, 2, … in the order they first speak (Parley's "Speaker n"); the
 * provider's labels are its own and may be any strings.
 */
export class SpeakerNumbering {
  readonly #byLabel = new Map<string, number>();
  /** Numbers already taken (by an earlier agent of the meeting): new voices come after them. */
  readonly #after: number;

  constructor(after = 0) {
    this.#after = after;
  }

  numberOf(label: string): number {
    let n = this.#byLabel.get(label);
    if (n === undefined) {
      n = this.#after + this.#byLabel.size + 1;
      this.#byLabel.set(label, n);
    }
    return n;
  }
}

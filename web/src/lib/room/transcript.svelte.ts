import {
  historyUpdates,
  mergeLines,
  renameSpeaker,
  upsertLine,
  type StoredSegment,
  type TranscriptLine,
  type TranscriptUpdate,
} from './transcript-model.ts';

/** Reactive transcript (Svelte runes): stored segments first, live updates merged in. */
export class Transcript {
  /** Replaced (never mutated) on each change, so it can stay a raw, cheap state. */
  lines = $state.raw<readonly TranscriptLine[]>([]);

  constructor(history: readonly StoredSegment[] = []) {
    this.lines = mergeLines([], historyUpdates(history));
  }

  /** Adds or updates a line (interim lines update in place; finals replace them). */
  apply(update: TranscriptUpdate): void {
    this.lines = upsertLine(this.lines, update);
  }

  /** Updates the display name on every line of `speaker`. */
  rename(speaker: string, name: string): void {
    this.lines = renameSpeaker(this.lines, speaker, name);
  }
}

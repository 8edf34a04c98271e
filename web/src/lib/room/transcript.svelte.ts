import {
  applyUpdate,
  indexLines,
  type TranscriptLine,
  type TranscriptUpdate,
} from './transcript-model.ts';

/** Most lines kept in memory; older ones are dropped. */
const MAX_LINES = 1000;

/** Reactive live transcript (Svelte runes). */
export class Transcript {
  lines = $state<TranscriptLine[]>([]);
  // Plain (non-reactive) lookup: only `lines` drives rendering.
  #index = indexLines([]);

  /** Adds or updates a line (interim lines update in place; finals replace them). */
  apply(update: TranscriptUpdate): void {
    applyUpdate(this.lines, this.#index, update);
    if (this.lines.length > MAX_LINES) {
      this.lines.splice(0, this.lines.length - MAX_LINES);
      this.#index = indexLines(this.lines);
    }
  }

  /** Updates the display name on every line of `speaker`. */
  rename(speaker: string, name: string): void {
    for (const line of this.lines) if (line.speaker === speaker) line.speakerName = name;
  }

  clear(): void {
    this.lines = [];
    this.#index = indexLines([]);
  }
}

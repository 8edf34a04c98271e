import { keepInView, lineIndexAt, meetingMsAt, type TimedLine } from './playback.ts';

/**
 * The transcript line being heard while a recording plays, kept in view inside its list (the
 * page does not move). Made while a component starts (it follows the list with an effect).
 */
export class FollowAlong {
  /** The moment of the meeting the player is at (null: nothing loaded). */
  ms = $state<number | null>(null);
  /** The list keeps the line being heard in view. */
  follow = $state(true);
  /** The scrolling list, one child per line. */
  list = $state<HTMLElement | null>(null);
  readonly #lines: () => readonly TimedLine[];
  /** Index of the line being heard (-1: none). */
  readonly index = $derived.by(() => (this.ms === null ? -1 : lineIndexAt(this.#lines(), this.ms)));

  /** `shown`: whether the list is on screen now (a closed one is not scrolled). */
  constructor(lines: () => readonly TimedLine[], shown: () => boolean = () => true) {
    this.#lines = lines;
    $effect(() => {
      if (!this.follow || this.index < 0 || !this.list || !shown()) return;
      const item = this.list.children[this.index];
      if (item instanceof HTMLElement) keepInView(this.list, item);
    });
  }

  /** The player is `seconds` into `recording` (none: nothing is playing). */
  at(recording: { offsetMs: number } | undefined, seconds: number): void {
    this.ms = recording ? meetingMsAt(recording, seconds) : null;
  }
}

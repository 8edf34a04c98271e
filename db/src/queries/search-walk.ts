// The time walk behind full-text search (see migration 2026_12_04_0100_search_time_index).
//
// Every segment carries, in the search index only, the lexemes of the hour blocks it falls in at
// ten levels: level L splits time (hours since 1970, UTC, clamped to [0, 4^10)) into aligned
// blocks of 4^L hours. A walk hands out disjoint steps, newest first, each a handful of blocks:
// first everything from the anchor hour on (normally only the anchor hour has segments), then
// older blocks, as long as the caller asks for. Whatever lengths are asked for, the steps never
// overlap and together cover every hour, so a search that runs the walk to its end has seen
// every segment exactly once, and one that stops early has seen exactly the newest ones.

/** Hour blocks have 4^level hours. */
const BASE = 4;
/** Levels 0–9 carry lexemes; the single level-10 block (1970–2089) is the whole timeline. */
export const TIME_LEVELS = 10;
/** Hours are clamped into [0, HOURS): earlier or later segments share the first or last hour. */
export const HOURS = BASE ** TIME_LEVELS;

interface Block {
  level: number;
  n: number;
}

/** The lexeme of block `n` at `level`: the same text the index function produces. */
export function timeLexeme(level: number, n: number): string {
  return ` t${level}:${n}`;
}

/** The clamped hour of an instant (as the index function clamps it). */
export function hourOf(ms: number): number {
  return Math.min(Math.max(Math.floor(ms / 3_600_000), 0), HOURS - 1);
}

/** One step: the blocks it covers as a tsquery text (an OR of their lexemes) to AND with. */
export interface WalkStep {
  lexemes: string[];
  tsquery: string;
  /** Hours this step covers (the first step counts its anchor hour only). */
  hours: number;
}

const hoursOf = (b: Block) => BASE ** b.level;

/**
 * Disjoint steps through all of time, newest first, starting at `anchorMs` (any instant; the
 * walk is complete for every anchor, a wrong clock only costs speed).
 */
export class TimeWalk {
  /** Blocks not handed out yet, newest first. */
  readonly #queue: Block[] = [];
  /** The anchor hour and every block after it: the first step. */
  #first: Block[] | null;
  /** Hours handed out so far (the anchor hour and before). */
  covered = 0;
  /** The oldest hour handed out so far. */
  reachedHour: number;

  constructor(anchorMs: number) {
    const hour = hourOf(anchorMs);
    const newer: Block[] = [{ level: 0, n: hour }];
    for (let level = 0; level < TIME_LEVELS; level++) {
      const b = Math.floor(hour / BASE ** level);
      const first = b - (b % BASE);
      for (let n = b + 1; n < first + BASE; n++) newer.push({ level, n });
      for (let n = b - 1; n >= first; n--) this.#queue.push({ level, n });
    }
    this.#first = newer;
    this.reachedHour = hour;
  }

  get done(): boolean {
    return this.#first === null && this.#queue.length === 0;
  }

  /**
   * The next step: the anchor hour and everything after it first, then the newest blocks not yet
   * handed out, at most `maxHours` long (one hour at least; a block that is too long is split
   * into its four children; Infinity takes all the rest). Null when the walk is over.
   */
  next(maxHours: number): WalkStep | null {
    if (this.#first) {
      const s = this.#step(this.#first, 1);
      this.#first = null;
      this.covered += 1;
      return s;
    }
    const take: Block[] = [];
    let hours = 0;
    while (this.#queue.length > 0) {
      const b = this.#queue[0] as Block;
      const h = hoursOf(b);
      if (hours + h <= maxHours) {
        take.push(b);
        hours += h;
        this.#queue.shift();
      } else if (hours === 0 && b.level > 0) {
        const children = [3, 2, 1, 0].map((c) => ({ level: b.level - 1, n: b.n * BASE + c }));
        this.#queue.splice(0, 1, ...children);
      } else if (hours === 0) {
        take.push(b);
        hours += h;
        this.#queue.shift();
      } else break;
    }
    const last = take.at(-1);
    if (!last) return null;
    this.covered += hours;
    this.reachedHour = last.n * hoursOf(last);
    return this.#step(take, hours);
  }

  #step(blocks: Block[], hours: number): WalkStep {
    const lexemes = blocks.map((b) => timeLexeme(b.level, b.n));
    return { lexemes, tsquery: lexemes.map((l) => `'${l}'`).join(' | '), hours };
  }
}

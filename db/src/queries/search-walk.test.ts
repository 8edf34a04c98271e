import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HOURS, TIME_LEVELS, TimeWalk, hourOf, timeLexeme } from './search-walk.ts';

/** The lexemes the index gives a segment spoken in `hour` (as the migration's SQL computes). */
const lexemesOf = (hour: number) =>
  Array.from({ length: TIME_LEVELS }, (_, l) => timeLexeme(l, Math.floor(hour / 4 ** l)));

/**
 * Runs a walk to its end, asking each time for `growth[i]` times what was covered (as search
 * does); returns each step's lexeme set.
 */
function run(anchorHour: number, growth: number[]): Set<string>[] {
  const walk = new TimeWalk(anchorHour * 3_600_000);
  const steps: Set<string>[] = [];
  for (let i = 0; !walk.done; i++) {
    const s = walk.next(walk.covered * (growth[i % growth.length] ?? 2));
    if (!s) break;
    expect(s.tsquery.split(' | ')).toEqual(s.lexemes.map((l) => `'${l}'`));
    steps.push(new Set(s.lexemes));
    expect(steps.length).toBeLessThan(1000);
  }
  return steps;
}

/** Index of the one step that holds a segment of `hour` (fails if none or several do). */
function stepOf(steps: Set<string>[], hour: number): number {
  const lex = lexemesOf(hour);
  const hits = steps.flatMap((s, i) => (lex.some((l) => s.has(l)) ? [i] : []));
  expect(hits, `hour ${hour}`).toHaveLength(1);
  return hits[0] ?? -1;
}

/** The hour range [from, to) of a block lexeme. */
function range(lexeme: string): [number, number] {
  const m = /^ t(\d+):(\d+)$/.exec(lexeme);
  const size = 4 ** Number(m?.[1]);
  return [Number(m?.[2]) * size, (Number(m?.[2]) + 1) * size];
}

const anchorHour = fc.integer({ min: 0, max: HOURS - 1 });
/** How much longer than what was covered each next step may be (Infinity: all the rest). */
const growths = fc.array(fc.oneof(fc.integer({ min: 2, max: 16 }), fc.constant(Infinity)), {
  minLength: 1,
  maxLength: 6,
});

describe('time walk', () => {
  it('tiles all of time with its blocks: no gap, no overlap, each step older than the last', () => {
    fc.assert(
      fc.property(anchorHour, growths, (anchor, growth) => {
        const steps = run(anchor, growth).map((s) => [...s].map(range));
        const all = steps.flat().sort((a, b) => a[0] - b[0]);
        expect(all[0]?.[0]).toBe(0);
        for (let i = 1; i < all.length; i++) expect(all[i]?.[0]).toBe(all[i - 1]?.[1]);
        expect(all.at(-1)?.[1]).toBe(HOURS);
        for (let i = 1; i < steps.length; i++) {
          const newest = Math.max(...(steps[i] ?? []).map((r) => r[1]));
          const oldestBefore = Math.min(...(steps[i - 1] ?? []).map((r) => r[0]));
          expect(newest).toBeLessThanOrEqual(oldestBefore);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('puts every hour in exactly one step, newer hours never in a later step', () => {
    fc.assert(
      fc.property(
        anchorHour,
        growths,
        fc.array(fc.integer({ min: 0, max: HOURS - 1 }), { minLength: 2, maxLength: 20 }),
        (anchor, growth, hours) => {
          const steps = run(anchor, growth);
          const sorted = [...hours, anchor, 0, HOURS - 1].sort((a, b) => b - a);
          const at = sorted.map((h) => stepOf(steps, h));
          // Hours after the anchor all sit in the first step; older ones in non-decreasing steps.
          for (let i = 1; i < at.length; i++) expect(at[i]).toBeGreaterThanOrEqual(at[i - 1] ?? 0);
          expect(stepOf(steps, anchor)).toBe(0);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('hands out steps no longer than asked (after the first), newest first', () => {
    const walk = new TimeWalk(Date.UTC(2026, 10, 23, 15) + 1234);
    const first = walk.next(1);
    expect(first?.lexemes).toContain(timeLexeme(0, hourOf(Date.UTC(2026, 10, 23, 15))));
    expect(walk.covered).toBe(1);
    const s = walk.next(3);
    expect(s?.hours).toBeLessThanOrEqual(3);
    expect(walk.reachedHour).toBe(hourOf(Date.UTC(2026, 10, 23, 15)) - (s?.hours ?? 0));
    expect(walk.done).toBe(false);
    const rest = walk.next(Infinity);
    expect(rest?.lexemes.length).toBeGreaterThan(0);
    expect(walk.done).toBe(true);
    expect(walk.next(Infinity)).toBeNull();
  });

  it('clamps instants outside 1970–2089 to the ends', () => {
    expect(hourOf(Date.UTC(1960, 0, 1))).toBe(0);
    expect(hourOf(Date.UTC(2200, 0, 1))).toBe(HOURS - 1);
    expect(run(0, [Infinity]).length).toBeGreaterThan(0);
    expect(run(HOURS - 1, [Infinity])).toHaveLength(2);
  });
});

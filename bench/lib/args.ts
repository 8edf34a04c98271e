// The settings a benchmark ran with, defaults included, for its results file ("args"): a
// figure means little without the levels, durations and models behind it.
import { parseArgs, type ParseArgsOptionsConfig } from 'node:util';

type Recorded = Record<string, unknown>;
let recorded: Recorded | null = null;

/**
 * Parses a benchmark's command-line options (strict: an unknown option is an error) and records
 * every value, defaults included, as the run's arguments.
 */
export function benchArgs<O extends ParseArgsOptionsConfig>(args: string[], options: O) {
  const { values } = parseArgs({ args, options, strict: true, allowPositionals: false });
  recorded = { ...recorded, ...values };
  return values;
}

/**
 * Adds settings the options imply (parsed levels, a stopping rule, a latency model, fixed
 * environment such as the suggestion provider) to the recorded arguments.
 */
export function recordArgs(extra: Recorded): void {
  recorded = { ...recorded, ...extra };
}

/** What the benchmark recorded (null: it parsed its options without `benchArgs`). */
export function recordedArgs(): Recorded | null {
  return recorded;
}

let resultsName: string | null = null;

/** Writes the results as bench/results/NAME.json instead of the benchmark's own name (a variant). */
export function resultsAs(name: string): void {
  resultsName = name;
}

/** The results file's name the benchmark chose, if it chose one. */
export function chosenResultsName(): string | null {
  return resultsName;
}

// `pnpm bench NAME [args]`: runs bench/NAME.ts, prints its figures and writes
// bench/results/NAME.json (or the name the benchmark chose with resultsAs, for a variant) as {name, date, commit, dirty, args, machine, duration_s, metrics}:
// `commit` is the full hash of HEAD, `dirty` whether the tree had changes outside
// bench/results/ (uncommitted or untracked) before or after the run (such a figure does not
// describe a commit and is not to be committed), `args` the settings the bench ran with
// (defaults included; see lib/args.ts).
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { cpus, totalmem } from 'node:os';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chosenResultsName, recordedArgs } from './args.ts';
import { changedFiles, headCommit } from './provenance.ts';

export type Metrics = Record<string, number>;
export interface Benchmark {
  /** Runs the benchmark; `log` shows progress. Metric keys are snake_case ending in their unit. */
  run: (args: string[], log: (line: string) => void) => Promise<Metrics>;
}

const METRIC_KEY = /^[a-z][a-z0-9_]*$/;

async function main(): Promise<void> {
  const [name, ...args] = process.argv.slice(2);
  const benchDir = fileURLToPath(new URL('../', import.meta.url));
  if (!name || !/^[a-z0-9-]+$/.test(name) || !existsSync(`${benchDir}${name}.ts`)) {
    console.error(`usage: pnpm bench NAME   (a file bench/NAME.ts; got "${name ?? ''}")`);
    process.exit(2);
  }
  const root = fileURLToPath(new URL('../../', import.meta.url));
  const commit = headCommit(root);
  const warnDirty = (files: string[]) =>
    console.error(
      `[${name}] WARNING: the tree has uncommitted changes outside bench/results/ ` +
        `(${files.slice(0, 5).join(', ')}${files.length > 5 ? ', …' : ''}): this run is marked ` +
        `"dirty": true and describes no commit; do not commit it as a figure.`,
    );
  const before = changedFiles(root);
  if (before === null) warnDirty(['not a git checkout: nothing shows what the code was']);
  else if (before.length) warnDirty(before);
  const mod = (await import(pathToFileURL(`${benchDir}${name}.ts`).href)) as { default: Benchmark };
  const started = Date.now();
  const metrics = await mod.default.run(args, (l) => console.error(`[${name}] ${l}`));
  for (const k of Object.keys(metrics)) {
    if (!METRIC_KEY.test(k)) throw new Error(`metric key "${k}" is not snake_case`);
  }
  const after = changedFiles(root);
  if (!before?.length && after?.length) warnDirty(after);
  // Unknown (no git) counts as dirty: nothing shows the figure came from a commit.
  const dirty = before === null || after === null || before.length + after.length > 0;
  let ranWith = recordedArgs();
  if (!ranWith) {
    console.error(
      `[${name}] note: bench/${name}.ts parses its options without benchArgs (lib/args.ts), ` +
        'so only the command line is recorded, not its defaults',
    );
    ranWith = { argv: args };
  }
  // A variant (e.g. `--stt deepgram`) writes a results file of its own.
  const resultsName = chosenResultsName() ?? name;
  const result = {
    name: resultsName,
    date: new Date().toISOString(),
    commit,
    dirty,
    args: ranWith,
    machine: {
      cpu: cpus()[0]?.model ?? 'unknown',
      cores: cpus().length,
      memory_gb: Math.round(totalmem() / 2 ** 30),
      node: process.version,
    },
    duration_s: Math.round((Date.now() - started) / 1000),
    metrics,
  };
  // The test suite's short load run checks targets without replacing the recorded figures.
  const keep = process.env.BENCH_NO_RESULTS === '1';
  if (!keep) {
    await mkdir(`${benchDir}results`, { recursive: true });
    await writeFile(
      `${benchDir}results/${resultsName}.json`,
      `${JSON.stringify(result, null, 2)}\n`,
    );
  }
  console.log(`\n${resultsName}`);
  for (const [k, v] of Object.entries(metrics)) console.log(`  ${k.padEnd(32)} ${v}`);
  console.log(
    keep ? '(results file left as it was)' : `written to bench/results/${resultsName}.json`,
  );
  if (dirty) console.log('DIRTY RUN: the tree had uncommitted changes (see the warning above)');
  process.exit(0);
}

await main();

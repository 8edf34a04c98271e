// `pnpm bench NAME [args]`: runs bench/NAME.ts, prints its figures and writes
// bench/results/NAME.json as {name, date, commit, machine, metrics}.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { cpus, totalmem } from 'node:os';
import { fileURLToPath, pathToFileURL } from 'node:url';

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
  const mod = (await import(pathToFileURL(`${benchDir}${name}.ts`).href)) as { default: Benchmark };
  const started = Date.now();
  const metrics = await mod.default.run(args, (l) => console.error(`[${name}] ${l}`));
  for (const k of Object.keys(metrics)) {
    if (!METRIC_KEY.test(k)) throw new Error(`metric key "${k}" is not snake_case`);
  }
  let commit = 'unknown';
  try {
    commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
  } catch {
    // not a git checkout
  }
  const result = {
    name,
    date: new Date().toISOString(),
    commit,
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
    await writeFile(`${benchDir}results/${name}.json`, `${JSON.stringify(result, null, 2)}\n`);
  }
  console.log(`\n${name}`);
  for (const [k, v] of Object.entries(metrics)) console.log(`  ${k.padEnd(32)} ${v}`);
  console.log(keep ? '(results file left as it was)' : `written to bench/results/${name}.json`);
  process.exit(0);
}

await main();

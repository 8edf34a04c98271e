// CPU time of process trees, read from /proc (Linux), so a benchmark can say which process
// spent what: the agent worker and its job processes apart from the load generator.
import { readdirSync, readFileSync } from 'node:fs';

const TICKS_PER_S = 100; // USER_HZ on Linux

interface Stat {
  ppid: number;
  cpuS: number;
  rssBytes: number;
}

const PAGE_BYTES = 4_096;

function readStat(pid: number): Stat | null {
  try {
    const raw = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after "(comm)": state ppid ... utime(14) stime(15) cutime(16) cstime(17) … rss(24)
    const f = raw.slice(raw.lastIndexOf(')') + 2).split(' ');
    const n = (i: number) => Number(f[i] ?? 0);
    return { ppid: n(1), cpuS: (n(11) + n(12)) / TICKS_PER_S, rssBytes: n(21) * PAGE_BYTES };
  } catch {
    return null; // exited meanwhile
  }
}

/** The last scan of every process, shared by the trees sampling on the same tick. */
let lastScan: { at: number; stats: Map<number, Stat> } | null = null;

/**
 * `/proc/<pid>/stat` of every process (one scan of a few hundred files, ≈ 10 ms), or the last
 * scan when it is at most `maxAgeMs` old: trees sampled on timers share it instead of each
 * scanning (the benchmark's own CPU competes with what it measures).
 */
function allStats(maxAgeMs = 0): Map<number, Stat> {
  const now = performance.now();
  if (lastScan && now - lastScan.at <= maxAgeMs) return lastScan.stats;
  const out = new Map<number, Stat>();
  for (const name of readdirSync('/proc')) {
    const pid = Number(name);
    if (!Number.isInteger(pid)) continue;
    const s = readStat(pid);
    if (s) out.set(pid, s);
  }
  lastScan = { at: now, stats: out };
  return out;
}

/** How old a scan a timer's sample may reuse (trees on the same interval fire together). */
const SHARED_SCAN_MS = 100;

/**
 * Follows the CPU seconds of a process and every descendant it starts while watched,
 * including ones that exit between samples (their last sampled time is kept).
 */
export class TreeCpu {
  readonly #last = new Map<number, number>();
  readonly #members = new Set<number>();
  /** Every sample (epoch ms, CPU seconds per process), when kept: see `between`. */
  readonly #history: { at: number; cpu: Map<number, number> }[] | null;
  #rss = 0;
  #timer: NodeJS.Timeout | null = null;

  constructor(rootPid: number, everyMs = 500, o: { history?: boolean } = {}) {
    this.#members.add(rootPid);
    this.#history = o.history ? [] : null;
    this.sample();
    // Ticks on the interval's grid of the wall clock, so trees with the same interval sample
    // together and share one scan.
    this.#timer = setTimeout(
      () => {
        this.#sample(SHARED_SCAN_MS);
        this.#timer = setInterval(() => this.#sample(SHARED_SCAN_MS), everyMs);
        this.#timer.unref();
      },
      everyMs - (Date.now() % everyMs),
    );
    this.#timer.unref();
  }

  /** Samples now (a fresh scan). */
  sample(): void {
    this.#sample(0);
  }

  #sample(maxAgeMs: number): void {
    const stats = allStats(maxAgeMs);
    let rss = 0;
    // Members are found by walking parents up to the root (children of children too).
    for (const [pid, s] of stats) {
      if (!this.#members.has(pid)) {
        let p = s.ppid;
        for (let depth = 0; depth < 8 && p > 1; depth++) {
          if (this.#members.has(p)) {
            this.#members.add(pid);
            break;
          }
          p = stats.get(p)?.ppid ?? 0;
        }
      }
      if (this.#members.has(pid)) {
        this.#last.set(pid, s.cpuS);
        rss += s.rssBytes;
      }
    }
    this.#rss = rss;
    this.#history?.push({ at: Date.now(), cpu: new Map(this.#last) });
  }

  /** Resident memory of the tree's live processes at the last sample (shared pages counted in each). */
  get rssBytes(): number {
    return this.#rss;
  }

  /**
   * CPU seconds the tree spent between two moments (epoch ms; kept history only), from the
   * first sample at or after `from` to the last at or before `to`, counting only processes
   * alive at the first: the steady cost, without processes started meanwhile (e.g. a worker
   * pre-warming a spare job process). `wallS` is the time between those samples. `only`
   * keeps some of those processes (e.g. by command line, see `commandLine`).
   */
  between(
    from: number,
    to: number,
    only: (pid: number) => boolean = () => true,
  ): { cpuS: number; wallS: number } | null {
    const h = this.#history ?? [];
    const a = h.find((x) => x.at >= from);
    const b = h.findLast((x) => x.at <= to);
    if (!a || !b || b.at <= a.at) return null;
    let cpuS = 0;
    for (const [pid, cpu] of a.cpu) if (only(pid)) cpuS += (b.cpu.get(pid) ?? cpu) - cpu;
    return { cpuS, wallS: (b.at - a.at) / 1000 };
  }

  /** CPU seconds spent so far by the tree. */
  total(): number {
    this.sample();
    let sum = 0;
    for (const v of this.#last.values()) sum += v;
    return sum;
  }

  stop(): number {
    const t = this.total();
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
    return t;
  }
}

/** A process's command line, arguments joined by spaces ('' once it has exited). */
export function commandLine(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
  } catch {
    return '';
  }
}

/** Every process whose command line contains `text`. */
export function pidsMatching(text: string): number[] {
  return readdirSync('/proc')
    .map(Number)
    .filter((pid) => Number.isInteger(pid) && commandLine(pid).includes(text));
}

/** CPU seconds so far of every process whose command line contains `text` (e.g. the Postgres
 * backends serving one database: `postgres: USER DBNAME …`). */
export function cpuOfMatching(text: string): number {
  return pidsMatching(text).reduce((sum, pid) => sum + (readStat(pid)?.cpuS ?? 0), 0);
}

/** CPU seconds of this process (all threads). */
export function selfCpuS(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

/**
 * Waits until a process tree is nearly idle: after meetings start, a worker spawns spare job
 * processes to replace the ones taken (seconds of CPU each). Measuring while that happens
 * would charge start-up to the steady state. Returns the ms waited.
 */
export async function settle(
  rootPid: number,
  o: { belowCores?: number; forMs?: number; maxMs?: number } = {},
): Promise<number> {
  const below = o.belowCores ?? 0.25;
  const forMs = o.forMs ?? 3_000;
  const maxMs = o.maxMs ?? 120_000;
  const tree = new TreeCpu(rootPid, 1_000);
  const t0 = performance.now();
  const samples: { at: number; cpuS: number }[] = [];
  try {
    for (;;) {
      const at = performance.now();
      samples.push({ at, cpuS: tree.total() });
      while (samples.length > 1 && at - (samples[1]?.at ?? at) >= forMs) samples.shift();
      const first = samples[0];
      if (
        first &&
        at - first.at >= forMs &&
        (samples.at(-1)?.cpuS ?? 0) - first.cpuS < (below * (at - first.at)) / 1000
      )
        return at - t0;
      if (at - t0 > maxMs) return at - t0;
      await new Promise((r) => setTimeout(r, 500));
    }
  } finally {
    tree.stop();
  }
}

import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { LoopStallWatch, type LoopStallOptions, type LoopStalls } from './loop-stall.ts';

/** Upper bounds (ms) of the latency histogram buckets. */
export const LATENCY_BUCKETS_MS = [
  100, 200, 300, 400, 500, 600, 700, 800, 1000, 1200, 1500, 2000, 3000, 5000,
];

/** What one job process reports; the worker sums these across its jobs on `/metrics`. */
export interface JobSnapshot {
  pid: number;
  jobId: string;
  meetingId: string | null;
  alive: boolean;
  updatedAt: number;
  counters: Record<string, number>;
  latency: { buckets: number[]; sum: number; count: number };
  cpuSeconds: number;
  rssBytes: number;
  /** Proportional set size: memory this process holds, shared pages divided among sharers. */
  pssBytes: number;
  heapBytes: number;
  activeTracks: number;
  /** The longest event-loop delay (ms) since the previous snapshot (0 when not watched). */
  loopDelayMaxMs: number;
}

/**
 * This process's PSS in bytes (Linux), or null where /proc has no smaps_rollup. Reading it walks
 * every mapping of the process (≈ 10 ms for a meeting job), so snapshots take it at most every
 * `PSS_EVERY_MS` (RSS, which is free, on each).
 */
function readPss(): number | null {
  try {
    const m = /^Pss:\s+(\d+) kB/m.exec(readFileSync('/proc/self/smaps_rollup', 'utf8'));
    return m?.[1] ? Number(m[1]) * 1024 : null;
  } catch {
    return null;
  }
}

export const PSS_EVERY_MS = 20_000;

/** Counter names (each exported as `parley_agent_<name>_total`). */
export type CounterName =
  | 'segments_final'
  | 'segments_stored'
  | 'stt_errors'
  | 'stt_fallbacks'
  | 'stt_reconnects'
  | 'stt_fallback_ms'
  | 'stt_provider_audio_ms'
  | 'db_write_errors'
  | 'spool_errors'
  | 'publish_errors'
  | 'vad_windows'
  | 'vad_batches'
  | 'audio_received_ms'
  | 'audio_gap_ms'
  | 'audio_packets_received'
  | 'audio_packets_lost'
  | 'audio_concealed_ms'
  | 'loop_stalls';

/**
 * Metrics of one meeting job. Jobs run in processes of their own, so each writes a snapshot
 * file into a folder the worker reads when Prometheus scrapes it.
 */
export class JobMetrics {
  readonly #file: string | null;
  readonly #snap: JobSnapshot;
  readonly #timer: NodeJS.Timeout | null;
  readonly #readPss: () => number | null;
  #pss: number | null = null;
  #pssAt = Number.NEGATIVE_INFINITY;
  #loop: { watch: LoopStallWatch; onStall: (s: LoopStalls) => void } | null = null;
  activeTracks = () => 0;
  /** Counters kept elsewhere (totals so far), read at each snapshot. */
  readCounters: () => Partial<Record<CounterName, number>> = () => ({});

  constructor(
    dir: string | null,
    jobId: string,
    intervalMs = 5_000,
    pss: () => number | null = readPss,
  ) {
    this.#readPss = pss;
    this.#snap = {
      pid: process.pid,
      jobId,
      meetingId: null,
      alive: true,
      updatedAt: Date.now(),
      counters: {},
      latency: { buckets: LATENCY_BUCKETS_MS.map(() => 0), sum: 0, count: 0 },
      cpuSeconds: 0,
      rssBytes: 0,
      pssBytes: 0,
      heapBytes: 0,
      activeTracks: 0,
      loopDelayMaxMs: 0,
    };
    if (dir) {
      mkdirSync(dir, { recursive: true });
      this.#file = join(dir, `${process.pid}-${jobId.replace(/[^\w-]/g, '')}.json`);
      this.#timer = setInterval(() => this.flush(), intervalMs);
      this.#timer.unref();
    } else {
      this.#file = null;
      this.#timer = null;
    }
  }

  set meetingId(id: string) {
    this.#snap.meetingId = id;
  }

  inc(name: CounterName, by = 1): void {
    this.#snap.counters[name] = (this.#snap.counters[name] ?? 0) + by;
  }

  /**
   * Watches this process's event loop: each snapshot carries the longest delay since the one
   * before and counts stalls; `onStall` hears of new ones at most once a snapshot.
   */
  watchLoop(options: Partial<LoopStallOptions>, onStall: (s: LoopStalls) => void): void {
    this.#loop?.watch.close();
    this.#loop = { watch: new LoopStallWatch(options), onStall };
  }

  /** End of speech → final published, in ms. */
  observeLatency(ms: number): void {
    const l = this.#snap.latency;
    LATENCY_BUCKETS_MS.forEach((b, i) => {
      if (ms <= b) l.buckets[i] = (l.buckets[i] ?? 0) + 1;
    });
    l.sum += ms;
    l.count++;
  }

  snapshot(): JobSnapshot {
    const cpu = process.cpuUsage();
    const mem = process.memoryUsage();
    const now = Date.now();
    if (now - this.#pssAt >= PSS_EVERY_MS || !this.#snap.alive) {
      this.#pss = this.#readPss();
      this.#pssAt = now;
    }
    Object.assign(this.#snap.counters, this.readCounters());
    let loopDelayMaxMs = 0;
    if (this.#loop) {
      const w = this.#loop.watch.take();
      loopDelayMaxMs = w.maxMs;
      this.#snap.counters.loop_stalls = w.total;
      if (w.stalls > 0) this.#loop.onStall(w);
    }
    Object.assign(this.#snap, {
      updatedAt: now,
      cpuSeconds: (cpu.user + cpu.system) / 1e6,
      rssBytes: mem.rss,
      pssBytes: this.#pss ?? mem.rss,
      heapBytes: mem.heapUsed,
      activeTracks: this.activeTracks(),
      loopDelayMaxMs,
    });
    return structuredClone(this.#snap);
  }

  flush(): void {
    if (!this.#file) return;
    const tmp = `${this.#file}.tmp`;
    try {
      writeFileSync(tmp, JSON.stringify(this.snapshot()));
      renameSync(tmp, this.#file);
    } catch {
      // metrics must never disturb a meeting
    }
  }

  close(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#loop?.watch.close();
    this.#snap.alive = false;
    this.flush();
  }
}

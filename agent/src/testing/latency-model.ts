// How long a hosted speech-to-text service takes to answer one request, for the fake servers
// that stand in for it: a log-normal distribution set by its median and 95th percentile (hosted
// STT answers in a few hundred ms most of the time, with a long tail), drawn from a seeded
// generator so a benchmark run can be repeated.

export interface LatencyModel {
  /** Median answer time (ms). */
  medianMs: number;
  /** 95th percentile (ms); ≥ the median. Equal to it: every answer takes the median. */
  p95Ms: number;
  /** Seed of the generator: the same seed gives the same sequence of latencies. */
  seed: number;
}

/** Roughly what hosted STT (Whisper-class APIs) takes per utterance of a few seconds. */
export const hostedSttLatency: LatencyModel = { medianMs: 400, p95Ms: 1_200, seed: 1 };

/** z of the 95th percentile of the standard normal distribution. */
const Z95 = 1.6448536269514722;

/** mulberry32: a small, fast 32-bit generator; uniform in [0, 1). */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** A function that returns the next latency (ms) of the model, one per request. */
export function latencySampler(m: LatencyModel): () => number {
  if (!(m.medianMs >= 0) || !(m.p95Ms >= m.medianMs)) {
    throw new Error(`latency model needs 0 ≤ median ≤ p95 (got ${m.medianMs} / ${m.p95Ms})`);
  }
  if (m.medianMs === 0) return () => 0;
  const mu = Math.log(m.medianMs);
  const sigma = Math.log(m.p95Ms / m.medianMs) / Z95;
  const uniform = mulberry32(m.seed);
  return () => {
    // Box–Muller: one standard normal draw from two uniform ones (u1 in (0, 1]).
    const u1 = 1 - uniform();
    const u2 = uniform();
    const z = Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    return Math.exp(mu + sigma * z);
  };
}

/**
 * Parses a latency setting: `off` (answers at once), or `MEDIAN/P95` in ms with an optional
 * `@SEED`, e.g. `400/1200` or `400/1200@7`. Other fields default to `hostedSttLatency`.
 */
export function parseLatencyModel(spec: string): LatencyModel | null {
  if (spec === 'off' || spec === 'none' || spec === '0') return null;
  const m = /^(\d+(?:\.\d+)?)\/(\d+(?:\.\d+)?)(?:@(\d+))?$/.exec(spec.trim());
  if (!m) throw new Error(`latency "${spec}": use off or MEDIAN/P95[@SEED] in ms, e.g. 400/1200`);
  const model = {
    medianMs: Number(m[1]),
    p95Ms: Number(m[2]),
    seed: m[3] !== undefined ? Number(m[3]) : hostedSttLatency.seed,
  };
  latencySampler(model); // validates
  return model;
}

/** `MEDIAN/P95@SEED`, the form `parseLatencyModel` reads (or `off`). */
export function formatLatencyModel(m: LatencyModel | null): string {
  return m ? `${m.medianMs}/${m.p95Ms}@${m.seed}` : 'off';
}

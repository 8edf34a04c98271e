// Reading an agent worker's /metrics in benchmarks: waiting for the meeting jobs to end, their
// memory and the latency histogram. Counters and what the agent says it received (audio lost on
// the way) are the agent's testing helpers (`@parley/agent/testing`), which its tests use too.
import { scrapeAgent, waitFor } from '@parley/agent/testing';

/**
 * Waits until every meeting job of the worker has ended and written its last figures (a job
 * leaves a few seconds after its room empties), then returns the metrics.
 */
export async function metricsAfterJobs(metricsPort: number, timeoutMs = 30_000): Promise<string> {
  return waitFor(
    'the meeting jobs to end',
    async () => {
      const text = await scrapeAgent(metricsPort);
      return /^parley_agent_jobs 0$/m.test(text) ? text : null;
    },
    timeoutMs,
    500,
  ).catch(() => scrapeAgent(metricsPort));
}

/** Memory (PSS, MB) of each live meeting job. */
export function jobMemoryMb(text: string): number[] {
  return [...text.matchAll(/parley_agent_job_memory_bytes\{[^}]*\} (\d+)/g)].map(
    (m) => Number(m[1]) / 2 ** 20,
  );
}

/**
 * The agent's own latency p95 (VAD end of speech → final published): a histogram bound
 * (Infinity: above the last bound).
 */
export function agentLatencyP95Ms(text: string): number {
  const buckets = [
    ...text.matchAll(/^parley_agent_segment_latency_ms_bucket\{le="([^"]+)"\} (\d+)/gm),
  ].map((m) => ({ le: m[1] === '+Inf' ? Infinity : Number(m[1]), n: Number(m[2]) }));
  const count = buckets.at(-1)?.n ?? 0;
  return buckets.find((b) => b.n >= 0.95 * count)?.le ?? Number.NaN;
}

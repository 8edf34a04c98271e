// Reading an agent worker's /metrics in benchmarks: counters, the latency histogram and
// what the agent says it received (audio lost on the way, counted where it arrives).
import { waitFor } from '@parley/agent/testing';

export async function scrapeAgent(metricsPort: number): Promise<string> {
  return (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
}

/** A `parley_agent_<name>_total` counter (0 when absent). */
export function agentCounter(text: string, name: string): number {
  return Number(new RegExp(`^parley_agent_${name}_total (\\d+)`, 'm').exec(text)?.[1] ?? 0);
}

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

/** A lost RTP packet of speech is 20 ms of audio (the Opus frame browsers send). */
const PACKET_MS = 20;

export interface ReceivedAudio {
  receivedMs: number;
  /** Audio missing from the decoded streams (gaps) plus audio in packets lost. */
  lostMs: number;
  gapMs: number;
  packetsLost: number;
  concealedMs: number;
}

/** What the agent received of everyone's microphone, by its own count. */
export function receivedAudio(text: string): ReceivedAudio {
  const gapMs = agentCounter(text, 'audio_gap_ms');
  const packetsLost = agentCounter(text, 'audio_packets_lost');
  return {
    receivedMs: agentCounter(text, 'audio_received_ms'),
    lostMs: gapMs + packetsLost * PACKET_MS,
    gapMs,
    packetsLost,
    concealedMs: agentCounter(text, 'audio_concealed_ms'),
  };
}

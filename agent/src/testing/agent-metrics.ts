// Reading an agent worker's /metrics: counters and what the agent says it received of the
// microphones (audio lost on the way, counted where it arrives). For tests and benchmarks.

export async function scrapeAgent(metricsPort: number): Promise<string> {
  return (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
}

/** A `parley_agent_<name>_total` counter (0 when absent). */
export function agentCounter(text: string, name: string): number {
  return Number(new RegExp(`^parley_agent_${name}_total (\\d+)`, 'm').exec(text)?.[1] ?? 0);
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

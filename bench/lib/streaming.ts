// What the streaming-STT benchmarks need: the local Deepgram server in script mode with the
// hosted latency model, the agent's settings for it, and the three latencies of live captions
// taken from what the server sent and what a subscriber received.
import {
  startFakeDeepgram,
  type Conversation,
  type FakeDeepgramServer,
  type SentMessage,
} from '@parley/agent/testing';
import type { ReceivedFinal } from '@parley/agent/testing/room';
import { assignFinals, type SpokenLine } from './match.ts';
import { scriptOracle } from './speakers.ts';

export const STT_CHOICES = ['local', 'deepgram'] as const;
export type BenchStt = (typeof STT_CHOICES)[number];

export function parseStt(v: string | undefined): BenchStt {
  if ((STT_CHOICES as readonly string[]).includes(v ?? '')) return v as BenchStt;
  throw new Error(`--stt must be one of: ${STT_CHOICES.join(', ')} (got "${v ?? ''}")`);
}

/** The local Deepgram server recognising these conversations perfectly, with the latency model. */
export async function startBenchDeepgram(talks: Conversation[]): Promise<FakeDeepgramServer> {
  return startFakeDeepgram({ mode: 'script', script: await scriptOracle(talks), sentLog: [] });
}

/** The agent's environment for the local server. */
export function deepgramEnv(fake: FakeDeepgramServer): Record<string, string> {
  return {
    STT_PROVIDER: 'deepgram',
    DEEPGRAM_API_KEY: fake.apiKey,
    DEEPGRAM_BASE_URL: fake.baseUrl,
  };
}

/** The settings of the server a figure was taken with (for the results' args). */
export function deepgramArgs(fake: FakeDeepgramServer): Record<string, unknown> {
  return {
    stt_provider: 'deepgram',
    stt_server: 'local Deepgram listen protocol server on 127.0.0.1 (not the real network)',
    interim_latency: fake.interimLatency,
    final_latency: fake.finalLatency,
  };
}

interface SentResult {
  socket: number;
  at: number;
  text: string;
  isFinal: boolean;
}

/** The Results messages the server sent, with their text. */
function sentResults(log: SentMessage[]): SentResult[] {
  const out: SentResult[] = [];
  for (const s of log) {
    const m = s.msg as {
      type?: string;
      is_final?: boolean;
      channel?: { alternatives?: { transcript?: string }[] };
    };
    if (m.type !== 'Results') continue;
    const text = m.channel?.alternatives?.[0]?.transcript ?? '';
    out.push({ socket: s.socket, at: s.at, text, isFinal: Boolean(m.is_final) });
  }
  return out;
}

const norm = (t: string) =>
  t
    .toLowerCase()
    .replace(/[^\p{L}\p{N}' ]/gu, '')
    .trim();

/**
 * Parley's own delay for each caption update a subscriber received: from the provider's result
 * that made it (the last message, on the socket whose text it shows, before it arrived) to its
 * arrival. Interims show the provider's text so far; a final completes after the last result.
 */
export function addedDelays(
  log: SentMessage[],
  received: (ReceivedFinal & { final: boolean })[],
): number[] {
  const sent = sentResults(log);
  const out: number[] = [];
  for (const r of received) {
    const shown = norm(r.text);
    const before = sent.filter((s) => s.at <= r.receivedAt);
    // The socket whose latest words the update ends with.
    const maker = [...before].reverse().find((s) => s.text && shown.endsWith(norm(s.text)));
    if (!maker) continue;
    // A final is made by the last result of that socket before it (an empty Finalize answer
    // completes the utterance too); an interim by the result whose text it shows.
    const by = r.final ? before.filter((s) => s.socket === maker.socket).at(-1) : maker;
    if (by) out.push(r.receivedAt - by.at);
  }
  return out;
}

/** Per line heard: its speech start → the first interim of its first segment (ms). */
export function firstInterimDelays(
  lines: SpokenLine[],
  finals: ReceivedFinal[],
  interims: ReceivedFinal[],
): number[] {
  const { mine } = assignFinals(lines, finals, { lateMs: 5_000 });
  const out: number[] = [];
  lines.forEach((l, i) => {
    const first = mine[i]?.[0];
    if (!first) return;
    const seen = interims.filter((x) => x.segmentId === first.segmentId).map((x) => x.receivedAt);
    if (seen.length > 0) out.push(Math.min(...seen) - l.startAt);
  });
  return out;
}

// What the streaming-STT benchmarks need: the local Deepgram server in script mode with the
// hosted latency model, the agent's settings for it, and the three latencies of live captions
// taken from what the server sent and what a subscriber received.
import {
  firstInterimDirect,
  normalizeWords,
  readPcm,
  startFakeDeepgram,
  type Arrival,
  type Conversation,
  type DirectFirsts,
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
  return startFakeDeepgram({
    mode: 'script',
    script: await scriptOracle(talks),
    sentLog: [],
    arrivalLog: [],
  });
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
  queuedAt: number;
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
    out.push({
      socket: s.socket,
      at: s.at,
      queuedAt: s.queuedAt,
      text,
      isFinal: Boolean(m.is_final),
    });
  }
  return out;
}

const norm = (t: string) =>
  t
    .toLowerCase()
    .replace(/[^\p{L}\p{N}' ]/gu, '')
    .trim();

/**
 * The provider's result that made a caption update a subscriber received: the last message, on
 * the socket whose text it shows, before it arrived. Interims show the provider's text so far;
 * a final completes after the last result of that socket (an empty Finalize answer too).
 */
function madeBy(sent: SentResult[], r: HeardUpdate): SentResult | undefined {
  const shown = norm(r.text);
  const before = sent.filter((s) => s.at <= r.receivedAt);
  // The socket whose latest words the update ends with.
  const maker = [...before].reverse().find((s) => s.text && shown.endsWith(norm(s.text)));
  if (!maker) return undefined;
  return r.final ? before.filter((s) => s.socket === maker.socket).at(-1) : maker;
}

type HeardUpdate = ReceivedFinal & { final: boolean };

/** Parley's own delay for each caption update: from the result that made it to its arrival. */
export function addedDelays(log: SentMessage[], received: HeardUpdate[]): number[] {
  const sent = sentResults(log);
  return received.flatMap((r) => {
    const by = madeBy(sent, r);
    return by ? [r.receivedAt - by.at] : [];
  });
}

/** Where the time of live captions goes, per line (ms; see `captionBreakdown`). */
export interface CaptionBreakdown {
  /** Speech start → its first voiced audio at the provider (transport, VAD onset, plugin). */
  interimToProvider: number[];
  /** → the provider has the interim ready (its cadence: enough new audio for new words). */
  interimProviderWait: number[];
  /** → sent (the modelled latency). */
  interimModel: number[];
  /** → visible at a subscriber (Parley's added delay). */
  interimAdded: number[];
  /** Lines whose provider socket opened only after their speech began: by how much (ms). */
  socketOpenedLate: number[];
  /** End of speech → the Finalize (or the provider's endpointing) that made the final. */
  finalAsked: number[];
  finalModel: number[];
  finalAdded: number[];
}

/**
 * The first interim and the final of each line split into stages, from the server's logs (what
 * arrived, what it sent and when it had it ready) and what a subscriber received.
 */
export function captionBreakdown(
  log: SentMessage[],
  arrivals: Arrival[],
  lines: SpokenLine[],
  finals: ReceivedFinal[],
  interims: ReceivedFinal[],
): CaptionBreakdown {
  const sent = sentResults(log);
  const out: CaptionBreakdown = {
    interimToProvider: [],
    interimProviderWait: [],
    interimModel: [],
    interimAdded: [],
    socketOpenedLate: [],
    finalAsked: [],
    finalModel: [],
    finalAdded: [],
  };
  const { mine } = assignFinals(lines, finals, { lateMs: 5_000 });
  lines.forEach((l, i) => {
    const segs = mine[i] ?? [];
    const firstSeg = segs[0];
    const first = interims
      .filter((x) => x.segmentId === firstSeg?.segmentId)
      .sort((a, b) => a.receivedAt - b.receivedAt)[0];
    const ib = first && madeBy(sent, { ...first, final: false });
    // The first voiced audio of the line on that socket (lines are ≥ 1 s apart).
    const voiced =
      ib &&
      arrivals.find(
        (a) =>
          a.socket === ib.socket && a.kind === 'audio' && a.voicedMs > 0 && a.at >= l.startAt - 200,
      );
    if (first && ib && voiced) {
      out.interimToProvider.push(voiced.at - l.startAt);
      out.interimProviderWait.push(ib.queuedAt - voiced.at);
      out.interimModel.push(ib.at - ib.queuedAt);
      out.interimAdded.push(first.receivedAt - ib.at);
      const open = arrivals.find((a) => a.socket === ib.socket && a.kind === 'open');
      if (open && open.at > l.startAt) out.socketOpenedLate.push(open.at - l.startAt);
    }
    const last = segs.at(-1);
    const fb = last && madeBy(sent, { ...last, final: true });
    if (last && fb) {
      out.finalAsked.push(fb.queuedAt - l.endAt);
      out.finalModel.push(fb.at - fb.queuedAt);
      out.finalAdded.push(last.receivedAt - fb.at);
    }
  });
  return out;
}

/** First captions of the lines heard, from speech start (ms). */
export interface FirstInterims {
  /** The first interim of each line's first segment, whatever it says. */
  any: number[];
  /** The first of them whose every word is a word of the line (a caption that is right so far). */
  right: number[];
  /** Lines whose first interim had a word not in the line (a guess, later replaced). */
  wrongFirst: number;
}

/** Whether a caption says only words of `line` (so far right, if not yet all of it). */
export function onlyWordsOf(line: string): (text: string) => boolean {
  const words = new Set(normalizeWords(line));
  return (text) => normalizeWords(text).every((w) => words.has(w));
}

export function firstInterimDelays(
  lines: SpokenLine[],
  finals: ReceivedFinal[],
  interims: ReceivedFinal[],
): FirstInterims {
  const { mine } = assignFinals(lines, finals, { lateMs: 5_000 });
  const out: FirstInterims = { any: [], right: [], wrongFirst: 0 };
  lines.forEach((l, i) => {
    const first = mine[i]?.[0];
    if (!first) return;
    const seen = interims
      .filter((x) => x.segmentId === first.segmentId)
      .sort((a, b) => a.receivedAt - b.receivedAt);
    const earliest = seen[0];
    if (!earliest) return;
    const ofLine = onlyWordsOf(l.text);
    out.any.push(earliest.receivedAt - l.startAt);
    if (!ofLine(earliest.text)) out.wrongFirst++;
    const right = seen.find((x) => ofLine(x.text));
    if (right) out.right.push(right.receivedAt - l.startAt);
  });
  return out;
}

/**
 * The first interim a client with no delay of its own would see from the same server model:
 * every line's audio streamed straight from its file in real time (see `firstInterimDirect`),
 * `parallel` lines at a time, on a fresh server with the same latency model and seeds. `any`:
 * the first interim of each line; `right`: the first that says only words of the line.
 */
export async function directFirstInterims(
  talks: Conversation[],
  parallel = 4,
): Promise<Pick<FirstInterims, 'any' | 'right'>> {
  const fake = await startBenchDeepgram(talks);
  try {
    const jobs: (() => Promise<DirectFirsts>)[] = [];
    for (const t of talks) {
      const pcm = await readPcm(t.path);
      for (const l of t.lines) {
        const opts = { baseUrl: fake.baseUrl, apiKey: fake.apiKey, accept: onlyWordsOf(l.text) };
        jobs.push(() => firstInterimDirect(pcm, l, opts));
      }
    }
    const out: Pick<FirstInterims, 'any' | 'right'> = { any: [], right: [] };
    for (let i = 0; i < jobs.length; i += parallel) {
      for (const got of await Promise.all(jobs.slice(i, i + parallel).map((j) => j()))) {
        if (got.first !== null) out.any.push(got.first);
        if (got.accepted !== null) out.right.push(got.accepted);
      }
    }
    return out;
  } finally {
    await fake.close();
  }
}

// What the local streaming STT servers share: where their words come from, the faults they
// play, and their latency (a hosted streaming service answers interims ≈ 150–300 ms after the
// audio and finals ≈ 200–400 ms after the end of speech).
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { concatPcm } from '../transcription/wav.ts';
import { latencySampler, type LatencyModel } from './latency-model.ts';
import type { ScriptOracle } from './script-oracle.ts';

export type StreamingFakeMode =
  | 'fixed' // the words of `fixedText`, revealed one per `wordMs` of speech
  | 'script'; // the words of the script line the audio is (see ScriptOracle)

export type StreamingFault =
  | null
  | 'unauthorized' // refuse the upgrade with 401
  | 'silent' // accept the socket, never answer
  | 'garbage' // answer with frames that are not JSON
  | 'drop'; // close the socket after `dropAfterMs` of audio on it

export const interimLatency: LatencyModel = { medianMs: 200, p95Ms: 300, seed: 3 };
export const finalLatency: LatencyModel = { medianMs: 280, p95Ms: 400, seed: 5 };

/** Settings both fakes read at each step, so a test can change them while sockets are open. */
export interface StreamingFakeState {
  mode: StreamingFakeMode;
  fixedText: string;
  script: ScriptOracle | null;
  /** Speech time per revealed word in `fixed` mode (ms). */
  wordMs: number;
  /**
   * Who says each word of `fixedText` when a client asks for diarization (missing: 0); in
   * `script` mode the matched line's speaker says all of an answer's words.
   */
  fixedSpeakers: number[] | null;
  fault: StreamingFault;
  dropAfterMs: number;
  /** Interim and final latency (null: answer at once); extra fixed wait on top (ms). */
  interimLatency: LatencyModel | null;
  finalLatency: LatencyModel | null;
  delayMs: number;
  /** Sockets opened, and upgrades refused. */
  connections: number;
  refused: number;
  /** When an array: every message as it leaves, with its socket's number (benchmarks). */
  sentLog: SentMessage[] | null;
  /** When an array: what arrived from the client, as it arrived (benchmarks' breakdowns). */
  arrivalLog: Arrival[] | null;
}

/** Something the client sent: audio (with its length and voiced part) or a control message. */
export interface Arrival {
  socket: number;
  /** Wall-clock ms when it arrived. */
  at: number;
  /** 'open' for the socket itself, 'audio', or the control message's type. */
  kind: string;
  ms: number;
  voicedMs: number;
}

export interface SentMessage {
  /** 1 for the first socket the server accepted, and so on. */
  socket: number;
  /** Wall-clock ms when it was written to the socket. */
  at: number;
  /** Wall-clock ms when the server had it ready (what made it had arrived); `at` less the modelled wait. */
  queuedAt: number;
  msg: unknown;
}

export function initialFakeState(initial: Partial<StreamingFakeState>): StreamingFakeState {
  return {
    mode: 'fixed',
    fixedText: 'hello from the streaming fake',
    script: null,
    wordMs: 300,
    fixedSpeakers: null,
    fault: null,
    dropAfterMs: 1_000,
    interimLatency,
    finalLatency,
    delayMs: 0,
    connections: 0,
    refused: 0,
    sentLog: null,
    arrivalLog: null,
    ...initial,
  };
}

/** Draws latencies of the state's current models (one generator per model). */
export function latencyDraws(state: StreamingFakeState): {
  interim: () => number;
  final: () => number;
} {
  const cache = new Map<LatencyModel, () => number>();
  const draw = (m: LatencyModel | null): number => {
    if (!m) return state.delayMs;
    let next = cache.get(m);
    if (!next) cache.set(m, (next = latencySampler(m)));
    return state.delayMs + next();
  };
  return { interim: () => draw(state.interimLatency), final: () => draw(state.finalLatency) };
}

/** Audio of one stretch a fake recognises, kept with running counts (16 kHz mono). */
export class FakeSegment {
  #chunks: Int16Array[] = [];
  /** Voiced audio in the segment (ms). */
  voicedMs = 0;
  /** Quiet audio at its end (ms). */
  trailingSilenceMs = 0;
  /** The script line the segment matched last (script mode): tried first as it grows. */
  line: number | undefined;

  push(pcm: Int16Array): void {
    this.#chunks.push(pcm);
    const voiced = voicedSamples(pcm);
    this.voicedMs += (voiced * 1000) / 16_000;
    const quiet = trailingSilenceMs(pcm);
    const chunkMs = (pcm.length * 1000) / 16_000;
    this.trailingSilenceMs = voiced === 0 ? this.trailingSilenceMs + chunkMs : quiet;
  }

  get pcm(): Int16Array {
    // Joined once: interims read the growing segment again and again.
    if (this.#chunks.length !== 1) this.#chunks = [concatPcm(this.#chunks)];
    return this.#chunks[0] ?? new Int16Array(0);
  }
}

/** The words a fake hears in a segment, so far (`final` false) or in all. */
export function fakeWords(state: StreamingFakeState, seg: FakeSegment, final: boolean): string[] {
  return fakeSpokenWords(state, seg, final).map((w) => w.word);
}

/** The words a fake hears in a segment, each with who said it (see `fixedSpeakers`). */
export function fakeSpokenWords(
  state: StreamingFakeState,
  seg: FakeSegment,
  final: boolean,
): { word: string; speaker: number }[] {
  if (seg.voicedMs === 0) return [];
  if (state.mode === 'script') {
    if (!state.script) throw new Error('script mode needs a script');
    const m = state.script.match(seg.pcm, seg.line);
    seg.line = m?.line;
    const words = m?.text.split(/\s+/).filter(Boolean) ?? [];
    return words.map((word) => ({ word, speaker: m?.speaker ?? 0 }));
  }
  const words = state.fixedText
    .split(/\s+/)
    .filter(Boolean)
    .map((word, i) => ({ word, speaker: state.fixedSpeakers?.[i] ?? 0 }));
  if (final) return words;
  return words.slice(0, Math.min(words.length, Math.floor(seg.voicedMs / state.wordMs)));
}

/** Samples in 20 ms frames louder than ≈ −45 dBFS. */
export function voicedSamples(pcm: Int16Array): number {
  let voiced = 0;
  for (let i = 0; i + 320 <= pcm.length; i += 320) {
    let e = 0;
    for (let j = i; j < i + 320; j++) e += (pcm[j] ?? 0) ** 2;
    if (Math.sqrt(e / 320) > 180) voiced += 320;
  }
  return voiced;
}

/** Trailing quiet of `pcm` in ms (20 ms frames quieter than ≈ −45 dBFS at its end). */
export function trailingSilenceMs(pcm: Int16Array): number {
  let quiet = 0;
  for (let end = pcm.length; end - 320 >= 0; end -= 320) {
    let e = 0;
    for (let j = end - 320; j < end; j++) e += (pcm[j] ?? 0) ** 2;
    if (Math.sqrt(e / 320) > 180) break;
    quiet += 20;
  }
  return quiet;
}

/** The HTTP + WebSocket shell both fakes run in, on 127.0.0.1 with a free port. */
export interface FakeWsServer {
  port: number;
  /** Closes every open socket (a provider outage as the client sees it). */
  dropAll: () => void;
  close: () => Promise<void>;
}

/**
 * Starts a loopback server whose upgrades `accept` judges: a string refuses the upgrade with
 * 401 and that JSON body; null accepts it and hands the socket to `serve`.
 */
export async function startFakeWsServer(
  state: StreamingFakeState,
  accept: (req: IncomingMessage, url: URL) => string | null,
  serve: (ws: WebSocket, url: URL) => void,
): Promise<FakeWsServer> {
  const sockets = new Set<WebSocket>();
  const http: Server = createServer((_req, res) => res.writeHead(404).end());
  const wss = new WebSocketServer({ noServer: true });
  http.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const refusal = accept(req, url);
    if (refusal !== null) {
      state.refused++;
      socket.end(
        'HTTP/1.1 401 Unauthorized\r\ncontent-type: application/json\r\nconnection: close\r\n\r\n' +
          refusal,
      );
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      state.connections++;
      sockets.add(ws);
      ws.on('close', () => sockets.delete(ws));
      serve(ws, url);
    });
  });
  const dropAll = () => {
    for (const s of sockets) s.terminate();
  };
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', () => r()));
  return {
    port: (http.address() as AddressInfo).port,
    dropAll,
    close: async () => {
      dropAll();
      wss.close();
      await new Promise<void>((r) => http.close(() => r()));
    },
  };
}

/**
 * A socket's sender: each message leaves `latencyMs` from now but never before the one sent
 * ahead of it (results keep their order); the state's faults apply (silent, garbage).
 */
export function orderedSender(
  ws: WebSocket,
  state: StreamingFakeState,
): {
  send: (msg: unknown, latencyMs: number) => void;
  drainedAt: () => number;
  arrived: (kind: string, ms?: number, voicedMs?: number) => void;
} {
  let notBefore = 0;
  const socket = state.connections;
  return {
    arrived: (kind, ms = 0, voicedMs = 0) =>
      state.arrivalLog?.push({ socket, at: Date.now(), kind, ms, voicedMs }),
    send: (msg, latencyMs) => {
      if (state.fault === 'silent') return;
      const queuedAt = Date.now();
      const at = Math.max(Date.now() + latencyMs, notBefore);
      notBefore = at;
      setTimeout(
        () => {
          if (ws.readyState !== ws.OPEN) return;
          ws.send(state.fault === 'garbage' ? '\u0000not json{' : JSON.stringify(msg));
          state.sentLog?.push({ socket, at: Date.now(), queuedAt, msg });
        },
        Math.max(0, at - Date.now()),
      );
    },
    drainedAt: () => notBefore,
  };
}

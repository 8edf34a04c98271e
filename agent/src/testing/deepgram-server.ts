// A local server speaking Deepgram's live transcription protocol (the listen WebSocket:
// binary linear16 audio in; KeepAlive / Finalize / CloseStream control messages; Results
// with is_final / speech_final / from_finalize and word timings, SpeechStarted, Metadata
// out), for tests and benchmarks of the real LiveKit Deepgram plugin pointed at 127.0.0.1.
import { randomUUID } from 'node:crypto';
import type { WebSocket } from 'ws';
import {
  FakeSegment,
  fakeSpokenWords,
  initialFakeState,
  latencyDraws,
  orderedSender,
  startFakeWsServer,
  type StreamingFakeState,
} from './streaming-fake.ts';

export interface DeepgramListenRequest {
  /** Query parameters of the upgrade (repeated ones, like keyterm, as lists). */
  params: Record<string, string[]>;
  authorization: string | null;
}

export interface FakeDeepgramServer extends StreamingFakeState {
  /** Pass as the plugin's baseUrl (ws://127.0.0.1:PORT). */
  baseUrl: string;
  /** The key it accepts (`Token KEY`). */
  apiKey: string;
  requests: DeepgramListenRequest[];
  /** Control messages received, by type. */
  controls: Record<string, number>;
  /** Closes every open socket (a provider outage as the client sees it). */
  dropAll(): void;
  close(): Promise<void>;
}

const RATE = 16_000;
/** Interim results every this much audio (ms). */
const INTERIM_EVERY_MS = 250;
/** Deepgram's endpointing value is honoured, but never below this much trailing silence (ms). */
const MIN_ENDPOINT_MS = 300;

export async function startFakeDeepgram(
  initial: Partial<StreamingFakeState> & { apiKey?: string } = {},
): Promise<FakeDeepgramServer> {
  const state: FakeDeepgramServer = {
    ...initialFakeState(initial),
    baseUrl: '',
    apiKey: initial.apiKey ?? 'dg-test-key',
    requests: [],
    controls: {},
    dropAll: () => undefined,
    close: () => Promise.resolve(),
  };
  const draws = latencyDraws(state);
  const server = await startFakeWsServer(
    state,
    (req, url) => {
      const params: Record<string, string[]> = {};
      for (const [k, v] of url.searchParams) (params[k] ??= []).push(v);
      const authorization = req.headers.authorization ?? null;
      state.requests.push({ params, authorization });
      const ok =
        url.pathname === '/v1/listen' &&
        state.fault !== 'unauthorized' &&
        authorization === `Token ${state.apiKey}`;
      return ok ? null : '{"err_code":"INVALID_AUTH","err_msg":"Invalid credentials."}';
    },
    (ws, url) =>
      serve(
        ws,
        Number(url.searchParams.get('endpointing')) || 0,
        url.searchParams.get('diarize') === 'true',
      ),
  );
  state.baseUrl = `ws://127.0.0.1:${server.port}`;
  state.dropAll = server.dropAll;
  state.close = server.close;
  return state;

  /** `diarize`: each word carries the speaker the script (or `fixedSpeakers`) gives it. */
  function serve(ws: WebSocket, endpointingMs: number, diarize: boolean): void {
    const requestId = randomUUID();
    let segment = new FakeSegment();
    let segmentStartS = 0;
    let audioS = 0;
    let sinceInterimMs = 0;
    let lastInterim = '';
    const { send, drainedAt, arrived } = orderedSender(ws, state);
    arrived('open');
    type Spoken = { word: string; speaker: number };
    const results = (words: Spoken[], isFinal: boolean, extra: Record<string, boolean>) => {
      const start = segmentStartS;
      const duration = Math.max(0.01, audioS - segmentStartS);
      const step = words.length > 0 ? duration / words.length : 0;
      return {
        type: 'Results',
        channel_index: [0, 1],
        duration,
        start,
        is_final: isFinal,
        speech_final: false,
        from_finalize: false,
        ...extra,
        channel: {
          alternatives: [
            {
              transcript: words.map((w) => w.word).join(' '),
              confidence: words.length > 0 ? 0.98 : 0,
              words: words.map((w, i) => ({
                word: w.word.toLowerCase(),
                start: start + i * step,
                end: start + (i + 1) * step,
                confidence: 0.98,
                punctuated_word: w.word,
                ...(diarize ? { speaker: w.speaker } : {}),
              })),
            },
          ],
        },
        metadata: {
          request_id: requestId,
          model_info: { name: 'fake', version: '1', arch: 'fake' },
        },
      };
    };
    const finalize = (extra: Record<string, boolean>) => {
      send(results(fakeSpokenWords(state, segment, true), true, extra), draws.final());
      segment = new FakeSegment();
      segmentStartS = audioS;
      lastInterim = '';
    };
    ws.on('message', (data, isBinary) => {
      if (isBinary) {
        const buf = data as Buffer;
        const pcm = new Int16Array(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.length));
        const wasVoiced = segment.voicedMs > 0;
        const voicedBefore = segment.voicedMs;
        segment.push(pcm);
        arrived('audio', (pcm.length * 1000) / RATE, segment.voicedMs - voicedBefore);
        audioS += pcm.length / RATE;
        if (state.fault === 'drop' && audioS * 1000 >= state.dropAfterMs) {
          ws.terminate();
          return;
        }
        sinceInterimMs += (pcm.length * 1000) / RATE;
        if (!wasVoiced && segment.voicedMs > 0) {
          send({ type: 'SpeechStarted', channel: [0, 1], timestamp: segmentStartS }, 0);
        }
        const endpoint = Math.max(endpointingMs, MIN_ENDPOINT_MS);
        if (segment.voicedMs > 0 && segment.trailingSilenceMs >= endpoint) {
          finalize({ speech_final: true });
          return;
        }
        if (sinceInterimMs >= INTERIM_EVERY_MS) {
          sinceInterimMs = 0;
          const words = fakeSpokenWords(state, segment, false);
          const text = words.map((w) => w.word).join(' ');
          if (text && text !== lastInterim) {
            lastInterim = text;
            send(results(words, false, {}), draws.interim());
          }
        }
        return;
      }
      let msg: { type?: string };
      try {
        msg = JSON.parse((data as Buffer).toString()) as { type?: string };
      } catch {
        ws.close(1008, 'bad control message');
        return;
      }
      const type = msg.type ?? '?';
      state.controls[type] = (state.controls[type] ?? 0) + 1;
      arrived(type);
      if (type === 'Finalize') finalize({ from_finalize: true });
      if (type === 'CloseStream') {
        send({ type: 'Metadata', request_id: requestId, duration: audioS, channels: 1 }, 0);
        setTimeout(() => ws.close(1000), Math.max(0, drainedAt() - Date.now()) + 5);
      }
    });
  }
}

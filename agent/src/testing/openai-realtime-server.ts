// A local server speaking OpenAI's realtime transcription protocol (WebSocket at
// /v1/realtime?intent=transcription: session.update, input_audio_buffer.append of base64
// 24 kHz pcm16, input_audio_buffer.commit in; session.updated, input_audio_buffer.committed,
// conversation.item.input_audio_transcription.delta / .completed, error out), for tests and
// benchmarks of the real LiveKit OpenAI plugin pointed at 127.0.0.1. As OpenAI does, the
// gpt-4o-transcribe family answers after the commit; realtime-only models (gpt-realtime-whisper,
// gpt-live-transcribe) send deltas while the audio comes.
import type { WebSocket } from 'ws';
import {
  FakeSegment,
  fakeWords,
  initialFakeState,
  latencyDraws,
  orderedSender,
  startFakeWsServer,
  type StreamingFakeState,
} from './streaming-fake.ts';

export interface RealtimeSessionUpdate {
  model: string | null;
  language: string | null;
  prompt: string | null;
  keywords: string[] | null;
}

export interface FakeOpenAIRealtimeServer extends StreamingFakeState {
  /** Pass as the plugin's baseURL (http://127.0.0.1:PORT/v1). */
  baseURL: string;
  apiKey: string;
  /** Every session.update received, in order. */
  sessions: RealtimeSessionUpdate[];
  commits: number;
  dropAll(): void;
  close(): Promise<void>;
}

const LIVE_MODELS = ['gpt-realtime-whisper', 'gpt-live-transcribe'];
const INTERIM_EVERY_MS = 250;

/** 24 kHz → 16 kHz by taking two of every three samples (enough for a fake's ear). */
function to16k(pcm24: Int16Array): Int16Array {
  const out = new Int16Array(Math.floor((pcm24.length * 2) / 3));
  for (let i = 0, o = 0; o < out.length; i += 3) {
    out[o++] = pcm24[i] ?? 0;
    if (o < out.length) out[o++] = pcm24[i + 1] ?? 0;
  }
  return out;
}

export async function startFakeOpenAIRealtime(
  initial: Partial<StreamingFakeState> & { apiKey?: string } = {},
): Promise<FakeOpenAIRealtimeServer> {
  const state: FakeOpenAIRealtimeServer = {
    ...initialFakeState(initial),
    baseURL: '',
    apiKey: initial.apiKey ?? 'sk-test-key',
    sessions: [],
    commits: 0,
    dropAll: () => undefined,
    close: () => Promise.resolve(),
  };
  const draws = latencyDraws(state);
  const server = await startFakeWsServer(
    state,
    (req, url) => {
      const ok =
        url.pathname === '/v1/realtime' &&
        url.searchParams.get('intent') === 'transcription' &&
        req.headers.authorization === `Bearer ${state.apiKey}` &&
        state.fault !== 'unauthorized';
      return ok
        ? null
        : '{"error":{"message":"Incorrect API key provided","type":"invalid_request_error"}}';
    },
    (ws, url) => serve(ws, url.searchParams.get('model') ?? ''),
  );
  state.baseURL = `http://127.0.0.1:${server.port}/v1`;
  state.dropAll = server.dropAll;
  state.close = server.close;
  return state;

  function serve(ws: WebSocket, urlModel: string): void {
    let model = urlModel;
    let segment = new FakeSegment();
    let audioMs = 0;
    let sinceInterimMs = 0;
    let sentWords = 0;
    let item = 0;
    const itemId = () => `item_${String(item).padStart(4, '0')}`;
    const { send } = orderedSender(ws, state);
    const delta = (words: string[], latency: number) => {
      const fresh = words.slice(sentWords);
      if (fresh.length === 0) return;
      send(
        {
          type: 'conversation.item.input_audio_transcription.delta',
          item_id: itemId(),
          content_index: 0,
          delta: `${sentWords > 0 ? ' ' : ''}${fresh.join(' ')}`,
        },
        latency,
      );
      sentWords = words.length;
    };
    ws.on('message', (data) => {
      let msg: Record<string, unknown>;
      try {
        msg = JSON.parse((data as Buffer).toString()) as Record<string, unknown>;
      } catch {
        send({ type: 'error', error: { type: 'invalid_request_error', message: 'bad json' } }, 0);
        return;
      }
      switch (msg.type) {
        case 'session.update': {
          const session = msg.session as {
            audio?: { input?: { transcription?: Record<string, unknown> } };
          };
          const t = session.audio?.input?.transcription ?? {};
          model = typeof t.model === 'string' ? t.model : model;
          state.sessions.push({
            model: typeof t.model === 'string' ? t.model : null,
            language: typeof t.language === 'string' ? t.language : null,
            prompt: typeof t.prompt === 'string' ? t.prompt : null,
            keywords: Array.isArray(t.keywords) ? (t.keywords as string[]) : null,
          });
          send({ type: 'session.updated', session }, 0);
          return;
        }
        case 'input_audio_buffer.append': {
          const bytes = Buffer.from(String(msg.audio), 'base64');
          const pcm = to16k(new Int16Array(bytes.buffer, bytes.byteOffset, bytes.length >> 1));
          segment.push(pcm);
          audioMs += (pcm.length * 1000) / 16_000;
          if (state.fault === 'drop' && audioMs >= state.dropAfterMs) {
            ws.terminate();
            return;
          }
          sinceInterimMs += (pcm.length * 1000) / 16_000;
          if (LIVE_MODELS.some((m) => model.startsWith(m)) && sinceInterimMs >= INTERIM_EVERY_MS) {
            sinceInterimMs = 0;
            delta(fakeWords(state, segment, false), draws.interim());
          }
          return;
        }
        case 'input_audio_buffer.commit': {
          state.commits++;
          send(
            { type: 'input_audio_buffer.committed', item_id: itemId(), previous_item_id: null },
            0,
          );
          const words = fakeWords(state, segment, true);
          const latency = draws.final();
          delta(words, latency);
          send(
            {
              type: 'conversation.item.input_audio_transcription.completed',
              item_id: itemId(),
              content_index: 0,
              transcript: words.join(' '),
              usage: {
                type: 'tokens',
                input_tokens: Math.round(audioMs / 100),
                output_tokens: words.length,
              },
            },
            latency,
          );
          item++;
          segment = new FakeSegment();
          sentWords = 0;
          return;
        }
        default:
          return;
      }
    });
  }
}

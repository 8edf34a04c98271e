// A local HTTP server that speaks the OpenAI audio-transcription wire protocol
// (POST /v1/audio/transcriptions, multipart form), for tests and benchmarks. It really
// transcribes with pocketsphinx, answers from a known script, or fails on demand; each answer
// can take a hosted service's time (a latency model drawn per request).
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { LocalRecognizer } from '../transcription/local.ts';
import { parseWav } from '../transcription/wav.ts';
import { latencySampler, type LatencyModel } from './latency-model.ts';
import type { ScriptOracle } from './script-oracle.ts';

export type FakeOpenAIMode =
  | 'transcribe' // recognise the audio with pocketsphinx
  | 'fixed' // answer `fixedText`
  | 'script' // answer the words of the `script` line the audio is (see ScriptOracle)
  | 'fail' // 500
  | 'ratelimit' // 429 with Retry-After
  | 'hang' // never answer
  | 'garbage'; // 200 with a body that is not JSON

export interface TranscriptionRequest {
  model: string;
  language: string | null;
  prompt: string | null;
  bytes: number;
  authorization: string | null;
  /** Time the server waited before answering (delayMs + the latency model's draw). */
  waitedMs: number;
  /** The text answered (fixed, script and transcribe modes), once answered. */
  answer?: string;
}

export interface FakeOpenAIServer {
  /** Base URL to pass as OPENAI_BASE_URL (ends in /v1). */
  baseURL: string;
  mode: FakeOpenAIMode;
  /** Fixed wait before every answer (ms). */
  delayMs: number;
  /** Extra wait per request drawn from this model (null: none). Set it before requests come. */
  latency: LatencyModel | null;
  fixedText: string;
  /** The lines `script` mode recognises. */
  script: ScriptOracle | null;
  requests: TranscriptionRequest[];
  /** Most requests in progress at once (the client's concurrency). */
  maxInFlight: number;
  /** TCP connections opened to the server (fewer than requests: the client keeps them alive). */
  connections: number;
  close: () => Promise<void>;
}

export async function startFakeOpenAI(
  initial: Partial<
    Pick<FakeOpenAIServer, 'mode' | 'delayMs' | 'fixedText' | 'latency' | 'script'>
  > = {},
): Promise<FakeOpenAIServer> {
  let recognizer: LocalRecognizer | null = null;
  const hanging = new Set<IncomingMessage>();
  // One generator per model, so a seed gives the same sequence of waits.
  let sampler: { model: LatencyModel; next: () => number } | null = null;
  const drawLatency = (): number => {
    const m = state.latency;
    if (!m) return 0;
    if (sampler?.model !== m) sampler = { model: m, next: latencySampler(m) };
    return sampler.next();
  };
  let inFlight = 0;
  const state: FakeOpenAIServer = {
    baseURL: '',
    mode: initial.mode ?? 'transcribe',
    delayMs: initial.delayMs ?? 0,
    latency: initial.latency ?? null,
    fixedText: initial.fixedText ?? 'hello from the fake server',
    script: initial.script ?? null,
    requests: [],
    maxInFlight: 0,
    connections: 0,
    close: async () => {
      for (const r of hanging) r.socket.destroy();
      await new Promise<void>((res) => server.close(() => res()));
      await recognizer?.close();
    },
  };

  const server: Server = createServer((req, res) => {
    inFlight++;
    state.maxInFlight = Math.max(state.maxInFlight, inFlight);
    res.on('close', () => inFlight--);
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      if (req.method !== 'POST' || url.pathname !== '/v1/audio/transcriptions') {
        res.writeHead(404, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { message: 'not found', type: 'invalid_request_error' } }));
        return;
      }
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      const form = await new Request(`http://localhost${url.pathname}`, {
        method: 'POST',
        headers: req.headers as Record<string, string>,
        body: Buffer.concat(chunks),
      }).formData();
      const file = form.get('file');
      const audio =
        file instanceof Blob ? new Uint8Array(await file.arrayBuffer()) : new Uint8Array();
      const text = (name: string) => {
        const v = form.get(name);
        return typeof v === 'string' ? v : null;
      };
      const waitedMs = state.delayMs + drawLatency();
      const request: TranscriptionRequest = {
        model: text('model') ?? '',
        language: text('language'),
        prompt: text('prompt'),
        bytes: audio.length,
        authorization: req.headers.authorization ?? null,
        waitedMs,
      };
      state.requests.push(request);
      if (waitedMs > 0) await new Promise((r) => setTimeout(r, waitedMs));
      const json = (status: number, body: unknown, headers: Record<string, string> = {}) => {
        res.writeHead(status, { 'content-type': 'application/json', ...headers });
        res.end(JSON.stringify(body));
      };
      const answer = (text: string) => {
        request.answer = text;
        json(200, { text });
      };
      switch (state.mode) {
        case 'hang':
          hanging.add(req);
          return;
        case 'fail':
          json(500, { error: { message: 'internal error', type: 'server_error' } });
          return;
        case 'ratelimit':
          json(
            429,
            { error: { message: 'rate limited', type: 'rate_limit_error' } },
            { 'retry-after': '1' },
          );
          return;
        case 'garbage':
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end('<html>not json');
          return;
        case 'fixed':
          answer(state.fixedText);
          return;
        case 'script': {
          const wav = parseWav(audio);
          if (!state.script) throw new Error('script mode needs a script');
          if (wav.sampleRate !== 16_000 || wav.channels !== 1) throw new Error('not 16 kHz mono');
          answer(state.script.transcribe(wav.samples));
          return;
        }
        case 'transcribe': {
          const wav = parseWav(audio);
          recognizer ??= new LocalRecognizer();
          const u = recognizer.startUtterance();
          u.push(wav.samples);
          answer(await u.finish());
          return;
        }
      }
    })().catch((err: unknown) => {
      if (!res.headersSent) res.writeHead(400, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { message: String(err), type: 'invalid_request_error' } }));
    });
  });
  server.on('connection', () => state.connections++);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  state.baseURL = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  return state;
}

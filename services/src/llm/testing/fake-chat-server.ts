// A local HTTP server that speaks the OpenAI chat-completions wire protocol
// (POST /v1/chat/completions, JSON, non-streaming), for tests and benchmarks of the chat client,
// the question suggestions, the post-meeting steps and "ask". It answers with a payload the test
// controls, or fails on demand.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type FakeChatMode =
  | 'normal' // 200 with `payload` as the message content (JSON)
  | 'malformed' // 200 with message content that is not JSON
  | 'wrong_shape' // 200 with JSON content of another shape
  | 'too_many' // 200 with five questions
  | 'bad_request' // 400 (not retryable)
  | 'error' // 500
  | 'ratelimit' // 429 with Retry-After: `retryAfterSeconds`
  | 'slow' // like normal, after `slowMs`
  | 'hang'; // never answers

export interface ChatRequest {
  model: string;
  messages: { role: string; content: string }[];
  responseFormat: unknown;
  authorization: string | null;
  /** Epoch ms when the request arrived. */
  at: number;
  /** The mode that answered it. */
  mode: FakeChatMode;
}

export interface FakeChatServer {
  /** Base URL for the engine (ends in /v1). */
  baseURL: string;
  /** How requests are answered once `queue` is empty. */
  mode: FakeChatMode;
  /** Modes for the next requests, in order (taken before `mode`). */
  queue: FakeChatMode[];
  /** The content `normal` and `slow` answer with (serialised to JSON). */
  payload: unknown;
  /** Delay of `slow` (ms). */
  slowMs: number;
  /** Delay before every answer (ms). */
  delayMs: number;
  retryAfterSeconds: number;
  requests: ChatRequest[];
  close: () => Promise<void>;
}

/** A valid answer with `n` questions. */
export function chatPayload(n = 2): { questions: Record<string, string>[] } {
  const all = [
    {
      text: 'What is your monthly churn?',
      priority: 'critical',
      reason: 'churn not covered',
      category: 'metrics',
    },
    { text: 'Who leads sales today?', priority: 'important', reason: 'team gap', category: 'team' },
    {
      text: 'Which competitor do you lose deals to?',
      priority: 'follow_up',
      reason: 'competition',
      category: 'risk',
    },
    {
      text: 'What is the payback period on CAC?',
      priority: 'important',
      reason: 'unit economics',
      category: 'metrics',
    },
    {
      text: 'What would you do with more runway?',
      priority: 'follow_up',
      reason: 'strategy',
      category: 'strategy',
    },
  ];
  return { questions: all.slice(0, n) };
}

function completion(content: string, model: string): unknown {
  return {
    id: `chatcmpl-fake-${Date.now()}`,
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model,
    choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }],
    usage: { prompt_tokens: 100, completion_tokens: 50, total_tokens: 150 },
  };
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export async function startFakeChatServer(
  initial: Partial<
    Pick<FakeChatServer, 'mode' | 'queue' | 'payload' | 'slowMs' | 'delayMs' | 'retryAfterSeconds'>
  > = {},
): Promise<FakeChatServer> {
  const hanging = new Set<ServerResponse>();
  const state: FakeChatServer = {
    baseURL: '',
    mode: initial.mode ?? 'normal',
    queue: initial.queue ?? [],
    payload: initial.payload ?? chatPayload(),
    slowMs: initial.slowMs ?? 800,
    delayMs: initial.delayMs ?? 0,
    retryAfterSeconds: initial.retryAfterSeconds ?? 1,
    requests: [],
    close: async () => {
      for (const r of hanging) r.socket?.destroy();
      server.closeAllConnections();
      await new Promise<void>((res) => server.close(() => res()));
    },
  };

  const server: Server = createServer((req, res) => {
    void (async () => {
      const json = (status: number, body: unknown, headers: Record<string, string> = {}) => {
        res.writeHead(status, { 'content-type': 'application/json', ...headers });
        res.end(JSON.stringify(body));
      };
      const url = new URL(req.url ?? '/', 'http://localhost');
      if (req.method !== 'POST' || url.pathname !== '/v1/chat/completions') {
        json(404, { error: { message: 'not found', type: 'invalid_request_error' } });
        return;
      }
      const body = JSON.parse(await readBody(req)) as {
        model?: string;
        messages?: { role: string; content: string }[];
        response_format?: unknown;
      };
      const mode = state.queue.shift() ?? state.mode;
      const model = body.model ?? '';
      state.requests.push({
        model,
        messages: body.messages ?? [],
        responseFormat: body.response_format ?? null,
        authorization: req.headers.authorization ?? null,
        at: Date.now(),
        mode,
      });
      if (state.delayMs > 0) await new Promise((r) => setTimeout(r, state.delayMs));
      switch (mode) {
        case 'hang':
          hanging.add(res);
          res.on('close', () => hanging.delete(res));
          return;
        case 'slow':
          await new Promise((r) => setTimeout(r, state.slowMs));
          json(200, completion(JSON.stringify(state.payload), model));
          return;
        case 'normal':
          json(200, completion(JSON.stringify(state.payload), model));
          return;
        case 'malformed':
          json(
            200,
            completion('Sure! Here are three great questions: 1. What is your churn', model),
          );
          return;
        case 'wrong_shape':
          json(200, completion(JSON.stringify({ suggestions: ['What is your churn?'] }), model));
          return;
        case 'too_many':
          json(200, completion(JSON.stringify(chatPayload(5)), model));
          return;
        case 'bad_request':
          json(400, { error: { message: 'bad request', type: 'invalid_request_error' } });
          return;
        case 'error':
          json(500, { error: { message: 'internal error', type: 'server_error' } });
          return;
        case 'ratelimit':
          json(
            429,
            { error: { message: 'rate limited', type: 'rate_limit_error' } },
            { 'retry-after': String(state.retryAfterSeconds) },
          );
          return;
      }
    })().catch((err: unknown) => {
      if (!res.headersSent) res.writeHead(400, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { message: String(err), type: 'invalid_request_error' } }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  state.baseURL = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  return state;
}

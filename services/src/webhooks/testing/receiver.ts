import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifyWebhookSignature } from '../signing.ts';

// A webhook receiver on 127.0.0.1 (tests and the benchmark): checks each request's Standard
// Webhooks signature against the secrets it knows, records what came (deduplicating by
// `webhook-id` as a real receiver would, while counting repeats), and answers as told. `stop()`
// and `start()` give an outage on the same port.

export interface ReceivedWebhook {
  id: string;
  path: string;
  body: string;
  /** One of the known secrets verifies the signature. */
  signed: boolean;
  /** Signatures in the header (two during a secret's grace period). */
  signatures: number;
  at: number;
}

/** What the receiver answers for one request (default: 204). */
export type ReceiverReply =
  { status: number; delayMs?: number; location?: string; bodyBytes?: number } | 'hang';

export interface WebhookReceiver {
  url: (path?: string) => string;
  port: number;
  /** First arrival of every message id. */
  received: Map<string, ReceivedWebhook>;
  /** Every request in order (repeats included). */
  requests: ReceivedWebhook[];
  /** How many message ids arrived more than once after a 2xx answer. */
  duplicates: () => number;
  /** The most requests to one path the receiver held open at once. */
  maxInFlight: (path: string) => number;
  secrets: Set<string>;
  reply: (fn: (req: ReceivedWebhook) => ReceiverReply) => void;
  stop: () => Promise<void>;
  start: () => Promise<void>;
  close: () => Promise<void>;
}

export async function startWebhookReceiver(port = 0): Promise<WebhookReceiver> {
  const received = new Map<string, ReceivedWebhook>();
  const requests: ReceivedWebhook[] = [];
  const acked = new Map<string, number>();
  const secrets = new Set<string>();
  let decide: (req: ReceivedWebhook) => ReceiverReply = () => ({ status: 204 });
  const open = new Set<ServerResponse>();
  const inFlight = new Map<string, number>();
  const maxInFlight = new Map<string, number>();
  const track = (path: string, res: ServerResponse) => {
    const n = (inFlight.get(path) ?? 0) + 1;
    inFlight.set(path, n);
    maxInFlight.set(path, Math.max(n, maxInFlight.get(path) ?? 0));
    res.once('close', () => inFlight.set(path, (inFlight.get(path) ?? 1) - 1));
  };

  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const h = (n: string) => String(req.headers[n] ?? '');
      const headers = {
        id: h('webhook-id'),
        timestamp: h('webhook-timestamp'),
        signature: h('webhook-signature'),
      };
      const r: ReceivedWebhook = {
        id: headers.id,
        path: req.url ?? '/',
        body,
        signed: [...secrets].some((s) => verifyWebhookSignature(s, headers, body)),
        signatures: headers.signature.split(' ').filter(Boolean).length,
        at: Date.now(),
      };
      requests.push(r);
      track(r.path, res);
      const reply = decide(r);
      if (reply === 'hang') {
        open.add(res);
        return;
      }
      const answer = () => {
        if (reply.status >= 200 && reply.status < 300) {
          if (!received.has(r.id)) received.set(r.id, r);
          acked.set(r.id, (acked.get(r.id) ?? 0) + 1);
        }
        res.writeHead(reply.status, reply.location ? { location: reply.location } : {});
        res.end(reply.bodyBytes ? Buffer.alloc(reply.bodyBytes, 'x') : undefined);
      };
      if (reply.delayMs) {
        open.add(res);
        setTimeout(() => {
          open.delete(res);
          answer();
        }, reply.delayMs);
      } else answer();
    });
  };

  let server: Server = createServer(handle);
  const listen = (p: number) =>
    new Promise<number>((resolve, reject) => {
      server.once('error', reject);
      server.listen(p, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
    });
  const boundPort = await listen(port);
  const stop = async () => {
    for (const res of open) res.destroy();
    open.clear();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return {
    url: (path = '/hook') => `http://127.0.0.1:${boundPort}${path}`,
    port: boundPort,
    received,
    requests,
    duplicates: () => [...acked.values()].filter((n) => n > 1).length,
    maxInFlight: (path) => maxInFlight.get(path) ?? 0,
    secrets,
    reply: (fn) => {
      decide = fn;
    },
    stop,
    start: async () => {
      server = createServer(handle);
      await listen(boundPort);
    },
    close: stop,
  };
}

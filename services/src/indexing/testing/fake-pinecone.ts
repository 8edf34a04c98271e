// A local HTTP server speaking Pinecone's data-plane REST protocol (the subset Parley uses:
// POST /vectors/upsert, /query, /vectors/delete, /describe_index_stats), with metadata filters
// ($eq, $ne, $in, $nin, $and, $or, bare values). Keeps everything in memory per namespace and
// records each request so tests can check batching and filters.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cosine } from '../memory.ts';

type Meta = Record<string, unknown>;
interface StoredVector {
  id: string;
  values: number[];
  metadata: Meta;
}

export interface FakePineconeRequest {
  path: string;
  body: Record<string, unknown>;
  apiKey: string | null;
}

export interface FakePinecone {
  /** Index host to hand the SDK (`http://127.0.0.1:PORT`). */
  host: string;
  apiKey: string;
  requests: FakePineconeRequest[];
  namespaces: Map<string, Map<string, StoredVector>>;
  /** Answer the next N requests with 500 (tests of failures). */
  failNext: number;
  close: () => Promise<void>;
}

function matches(meta: Meta, filter: unknown): boolean {
  if (!filter || typeof filter !== 'object') return true;
  for (const [key, cond] of Object.entries(filter as Record<string, unknown>)) {
    if (key === '$and') {
      if (!(cond as unknown[]).every((f) => matches(meta, f))) return false;
      continue;
    }
    if (key === '$or') {
      if (!(cond as unknown[]).some((f) => matches(meta, f))) return false;
      continue;
    }
    const v = meta[key];
    if (cond && typeof cond === 'object' && !Array.isArray(cond)) {
      for (const [op, arg] of Object.entries(cond as Record<string, unknown>)) {
        const ok =
          op === '$eq'
            ? v === arg
            : op === '$ne'
              ? v !== arg
              : op === '$in'
                ? (arg as unknown[]).includes(v)
                : op === '$nin'
                  ? !(arg as unknown[]).includes(v)
                  : false;
        if (!ok) return false;
      }
    } else if (v !== cond) {
      return false;
    }
  }
  return true;
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  return text ? (JSON.parse(text) as Record<string, unknown>) : {};
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

export async function startFakePinecone(apiKey = 'pc-test-key'): Promise<FakePinecone> {
  const fake: FakePinecone = {
    host: '',
    apiKey,
    requests: [],
    namespaces: new Map(),
    failNext: 0,
    close: async () => {},
  };
  const ns = (name: unknown) => {
    const key = typeof name === 'string' ? name : '';
    let m = fake.namespaces.get(key);
    if (!m) fake.namespaces.set(key, (m = new Map<string, StoredVector>()));
    return m;
  };
  const server = createServer((req, res) => {
    void (async () => {
      const path = (req.url ?? '').split('?')[0] ?? '';
      let body: Record<string, unknown>;
      try {
        body = await readJson(req);
      } catch {
        send(res, 400, { code: 3, message: 'invalid JSON' });
        return;
      }
      const key = req.headers['api-key'];
      fake.requests.push({ path, body, apiKey: typeof key === 'string' ? key : null });
      if (key !== apiKey) {
        send(res, 401, { code: 16, message: 'Invalid API Key' });
        return;
      }
      if (fake.failNext > 0) {
        fake.failNext--;
        send(res, 500, { code: 13, message: 'internal' });
        return;
      }
      if (req.method === 'GET' && path === '/vectors/fetch') {
        // Ids (repeated) and the namespace in the query string, as the data plane takes them.
        const q = new URL(req.url ?? '', 'http://x').searchParams;
        const wanted = q.getAll('ids');
        if (wanted.length === 0 || wanted.length > 1000) {
          send(res, 400, { code: 3, message: 'between 1 and 1000 ids required' });
          return;
        }
        const m = ns(q.get('namespace') ?? '');
        const vectors = Object.fromEntries(
          wanted.flatMap((id) => {
            const v = m.get(id);
            return v ? [[id, v]] : [];
          }),
        );
        send(res, 200, { vectors, namespace: q.get('namespace') ?? '', usage: { readUnits: 1 } });
        return;
      }
      if (req.method !== 'POST') {
        send(res, 405, { code: 12, message: 'method not allowed' });
        return;
      }
      switch (path) {
        case '/vectors/upsert': {
          const vectors = (body.vectors ?? []) as StoredVector[];
          if (vectors.length > 1000) {
            send(res, 400, { code: 3, message: 'batch size exceeds 1000' });
            return;
          }
          const m = ns(body.namespace);
          for (const v of vectors)
            m.set(v.id, { id: v.id, values: v.values, metadata: v.metadata ?? {} });
          send(res, 200, { upsertedCount: vectors.length });
          return;
        }
        case '/query': {
          const vector = body.vector as number[] | undefined;
          const topK = Number(body.topK ?? 10);
          if (!vector || !Number.isInteger(topK) || topK < 1) {
            send(res, 400, { code: 3, message: 'vector and topK are required' });
            return;
          }
          const found = [...ns(body.namespace).values()]
            .filter((v) => matches(v.metadata, body.filter))
            .map((v) => ({ id: v.id, score: cosine(vector, v.values), metadata: v.metadata }))
            .sort((a, b) => b.score - a.score)
            .slice(0, topK)
            .map((m) => (body.includeMetadata ? m : { id: m.id, score: m.score }));
          send(res, 200, {
            matches: found,
            namespace: body.namespace ?? '',
            usage: { readUnits: 1 },
          });
          return;
        }
        case '/vectors/delete': {
          const m = ns(body.namespace);
          if (body.deleteAll) m.clear();
          else if (Array.isArray(body.ids)) for (const id of body.ids as string[]) m.delete(id);
          else if (body.filter) {
            for (const [id, v] of m) if (matches(v.metadata, body.filter)) m.delete(id);
          } else {
            send(res, 400, { code: 3, message: 'ids, filter or deleteAll required' });
            return;
          }
          send(res, 200, {});
          return;
        }
        case '/describe_index_stats': {
          const namespaces = Object.fromEntries(
            [...fake.namespaces].map(([k, v]) => [k, { vectorCount: v.size }]),
          );
          send(res, 200, { namespaces, dimension: 0, totalVectorCount: 0 });
          return;
        }
        default:
          send(res, 404, { code: 5, message: `unknown path ${path}` });
      }
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  fake.host = `http://127.0.0.1:${port}`;
  fake.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return fake;
}

// A local OpenAI-compatible `/v1/embeddings` server for tests and benchmarks: deterministic
// bag-of-words hashing vectors, so texts sharing words are close (good enough to test plumbing).
// `synonyms` maps a word to another one it counts as (lower case): a fixed, deterministic notion
// of meaning, so texts that share no word can still be close.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export function hashEmbedding(
  text: string,
  dimensions: number,
  synonyms: Readonly<Record<string, string>> = {},
): number[] {
  const v = new Array<number>(dimensions).fill(0);
  for (const word of text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []) {
    const w = Object.hasOwn(synonyms, word) ? (synonyms[word] ?? word) : word;
    let h = 2166136261;
    for (let i = 0; i < w.length; i++) h = Math.imul(h ^ w.charCodeAt(i), 16777619);
    const idx = (h >>> 0) % dimensions;
    v[idx] = (v[idx] ?? 0) + 1;
  }
  return v;
}

export interface FakeEmbeddingsServer {
  baseURL: string;
  /** Length of every vector it returns. */
  dimensions: number;
  /** Inputs per request received. */
  batches: number[];
  close: () => Promise<void>;
}

export async function startFakeEmbeddings(
  dimensions = 64,
  opts: { synonyms?: Readonly<Record<string, string>> } = {},
): Promise<FakeEmbeddingsServer> {
  const batches: number[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (req.method !== 'POST' || !req.url?.endsWith('/embeddings')) {
        res.writeHead(404).end();
        return;
      }
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
        input: string | string[];
        model: string;
      };
      const inputs = Array.isArray(body.input) ? body.input : [body.input];
      batches.push(inputs.length);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          object: 'list',
          model: body.model,
          data: inputs.map((t, index) => ({
            object: 'embedding',
            index,
            embedding: hashEmbedding(t, dimensions, opts.synonyms),
          })),
          usage: { prompt_tokens: 0, total_tokens: 0 },
        }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    dimensions,
    batches,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

import { Pinecone, type Index } from '@pinecone-database/pinecone';
import type { VectorMatch, VectorQuery, VectorRecord, VectorStore } from './types.ts';

export interface PineconeStoreOptions {
  apiKey: string;
  /** Data-plane host of the index (`https://<index>-<project>.svc.<region>.pinecone.io`). */
  indexHost: string;
  /** Records per upsert request (Pinecone allows up to 1,000 / 2 MB; 100 is its advice). */
  batchSize: number;
  /** Extra headers on every request (tests). */
  headers?: Record<string, string>;
}

export const defaultPineconeStoreOptions = { batchSize: 100 };

type Meta = { meetingId: string; startMs: number };

/** Record ids per fetch request. */
const FETCH_BATCH = 100;

/**
 * Pinecone through the official SDK: one namespace per team, `meetingId` metadata on every
 * record, queries always filtered to the meetings the caller may see, deletes by metadata filter.
 */
export class PineconeVectorStore implements VectorStore {
  readonly name = 'pinecone';
  readonly #o: PineconeStoreOptions;
  readonly #index: Index<Meta>;

  constructor(options: Partial<PineconeStoreOptions> & { apiKey: string; indexHost: string }) {
    this.#o = { ...defaultPineconeStoreOptions, ...options };
    const pc = new Pinecone({ apiKey: this.#o.apiKey });
    this.#index = pc.index<Meta>({
      host: this.#o.indexHost,
      ...(this.#o.headers ? { additionalHeaders: this.#o.headers } : {}),
    });
  }

  async upsert(namespace: string, records: VectorRecord[]): Promise<void> {
    for (let i = 0; i < records.length; i += this.#o.batchSize) {
      const batch = records.slice(i, i + this.#o.batchSize);
      await this.#index.upsert({
        namespace,
        records: batch.map((r) => ({
          id: r.id,
          values: r.values,
          metadata: { meetingId: r.metadata.meetingId, startMs: r.metadata.startMs },
        })),
      });
    }
  }

  async query(namespace: string, q: VectorQuery): Promise<VectorMatch[]> {
    if (q.meetingIds.length === 0) return [];
    const res = await this.#index.query({
      namespace,
      vector: q.vector,
      topK: q.topK,
      includeMetadata: true,
      filter: { meetingId: { $in: q.meetingIds } },
    });
    const allowed = new Set(q.meetingIds);
    const out: VectorMatch[] = [];
    for (const m of res.matches) {
      const meta = m.metadata;
      // Belt and braces: never pass on a match outside the filter, whatever the server did.
      if (!meta || !allowed.has(meta.meetingId)) continue;
      out.push({ id: m.id, score: m.score ?? 0, meetingId: meta.meetingId, startMs: meta.startMs });
    }
    return out;
  }

  async deleteMeeting(namespace: string, meetingId: string): Promise<void> {
    await this.#index.deleteMany({ namespace, filter: { meetingId: { $eq: meetingId } } });
  }

  async deleteIds(namespace: string, ids: string[]): Promise<void> {
    if (ids.length > 0) await this.#index.deleteMany({ namespace, ids });
  }

  async moveMeeting(from: string, to: string, meetingId: string, ids: string[]): Promise<void> {
    // Fetched by id (a GET with the ids in its URL: 100 uuids keep it short), written to the new
    // namespace, then removed from the old one by the meeting filter (what was never fetched too).
    for (let i = 0; i < ids.length; i += FETCH_BATCH) {
      const got = await this.#index.fetch({ namespace: from, ids: ids.slice(i, i + FETCH_BATCH) });
      const records = Object.values(got.records).flatMap((r) =>
        r.metadata?.meetingId === meetingId && r.values?.length
          ? [{ id: r.id, values: r.values, metadata: r.metadata }]
          : [],
      );
      if (records.length > 0) await this.upsert(to, records);
    }
    await this.deleteMeeting(from, meetingId);
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}

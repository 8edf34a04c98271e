import { sql, type Db } from '@parley/db';
import {
  VectorStoreUnavailableError,
  type VectorMatch,
  type VectorQuery,
  type VectorRecord,
  type VectorStore,
} from './types.ts';

export interface PgVectorStoreOptions {
  dimensions: number;
  /** Table holding the vectors (created on first use). */
  table: string;
  /** Rows per INSERT. */
  batchSize: number;
  /** HNSW `ef_search` for queries (recall vs speed). */
  efSearch: number;
}

export const defaultPgVectorStoreOptions: Omit<PgVectorStoreOptions, 'dimensions'> = {
  table: 'segment_vectors',
  batchSize: 200,
  efSearch: 100,
};

const vectorLiteral = (v: number[]) => `[${v.map((x) => (Number.isFinite(x) ? x : 0)).join(',')}]`;

/**
 * Vectors in PostgreSQL with the pgvector extension (HNSW, cosine distance), for self-hosting.
 * The table is created on first use: the extension is not on every server (Debian's packages
 * lack it; the production compose image has it), so no migration depends on it. Rows reference
 * their segment, so transcript retention and meeting deletion remove the vectors with it.
 */
export class PgVectorStore implements VectorStore {
  readonly name = 'pgvector';
  readonly #o: PgVectorStoreOptions;
  readonly #db: Db;
  #ready: Promise<void> | undefined;

  constructor(db: Db, options: Partial<PgVectorStoreOptions> & { dimensions: number }) {
    this.#db = db;
    this.#o = { ...defaultPgVectorStoreOptions, ...options };
    if (!/^[a-z_][a-z0-9_]{0,62}$/.test(this.#o.table)) throw new Error('invalid table name');
  }

  /** Creates the extension, table and indexes; throws `VectorStoreUnavailableError` without pgvector. */
  ensureReady(): Promise<void> {
    this.#ready ??= this.#create().catch((err: unknown) => {
      this.#ready = undefined;
      throw err;
    });
    return this.#ready;
  }

  async #create(): Promise<void> {
    try {
      await sql`create extension if not exists vector`.execute(this.#db);
    } catch (err) {
      throw new VectorStoreUnavailableError(
        `pgvector: create extension vector failed (${(err as { code?: string }).code ?? 'error'}: ${(err as Error).message})`,
      );
    }
    const t = sql.id(this.#o.table);
    await sql`create table if not exists ${t} (
      id uuid primary key references transcript_segments(id) on delete cascade,
      namespace text not null,
      meeting_id uuid not null references meetings(id) on delete cascade,
      start_ms integer not null,
      embedding vector(${sql.lit(this.#o.dimensions)}) not null
    )`.execute(this.#db);
    await sql`create index if not exists ${sql.id(`${this.#o.table}_meeting_idx`)} on ${t} (meeting_id)`.execute(
      this.#db,
    );
    await sql`create index if not exists ${sql.id(`${this.#o.table}_hnsw_idx`)} on ${t} using hnsw (embedding vector_cosine_ops)`.execute(
      this.#db,
    );
  }

  async upsert(namespace: string, records: VectorRecord[]): Promise<void> {
    await this.ensureReady();
    const t = sql.id(this.#o.table);
    for (let i = 0; i < records.length; i += this.#o.batchSize) {
      const batch = records.slice(i, i + this.#o.batchSize);
      const rows = batch.map(
        (r) =>
          sql`(${r.id}::uuid, ${namespace}, ${r.metadata.meetingId}::uuid, ${r.metadata.startMs}, ${vectorLiteral(r.values)}::vector)`,
      );
      await sql`insert into ${t} (id, namespace, meeting_id, start_ms, embedding)
        values ${sql.join(rows)}
        on conflict (id) do update set namespace = excluded.namespace,
          meeting_id = excluded.meeting_id, start_ms = excluded.start_ms,
          embedding = excluded.embedding`.execute(this.#db);
    }
  }

  async query(namespace: string, q: VectorQuery): Promise<VectorMatch[]> {
    if (q.meetingIds.length === 0) return [];
    await this.ensureReady();
    const t = sql.id(this.#o.table);
    const v = vectorLiteral(q.vector);
    return this.#db.transaction().execute(async (trx) => {
      await sql`set local hnsw.ef_search = ${sql.lit(this.#o.efSearch)}`.execute(trx);
      const { rows } = await sql<{
        id: string;
        meeting_id: string;
        start_ms: number;
        score: number;
      }>`
        select id, meeting_id, start_ms, 1 - (embedding <=> ${v}::vector) as score
        from ${t}
        where namespace = ${namespace} and meeting_id = any(${q.meetingIds}::uuid[])
        order by embedding <=> ${v}::vector
        limit ${q.topK}`.execute(trx);
      return rows.map((r) => ({
        id: r.id,
        meetingId: r.meeting_id,
        startMs: r.start_ms,
        score: Number(r.score),
      }));
    });
  }

  async deleteMeeting(namespace: string, meetingId: string): Promise<void> {
    await this.ensureReady();
    await sql`delete from ${sql.id(this.#o.table)} where namespace = ${namespace} and meeting_id = ${meetingId}::uuid`.execute(
      this.#db,
    );
  }

  async moveMeeting(from: string, to: string, meetingId: string): Promise<void> {
    await this.ensureReady();
    // A record of the meeting already in `to` (a move repeated) is replaced, not duplicated.
    await this.#db.transaction().execute(async (tx) => {
      await sql`delete from ${sql.id(this.#o.table)} where namespace = ${to} and meeting_id = ${meetingId}::uuid`.execute(
        tx,
      );
      await sql`update ${sql.id(this.#o.table)} set namespace = ${to} where namespace = ${from} and meeting_id = ${meetingId}::uuid`.execute(
        tx,
      );
    });
  }

  async deleteIds(namespace: string, ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    await this.ensureReady();
    await sql`delete from ${sql.id(this.#o.table)} where namespace = ${namespace} and id = any(${ids}::uuid[])`.execute(
      this.#db,
    );
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}

/** Turns texts into vectors (one per text, same order). */
export interface EmbeddingsProvider {
  readonly name: string;
  /** Length of every vector. */
  readonly dimensions: number;
  embed(texts: string[], signal?: AbortSignal): Promise<number[][]>;
}

/** What is stored with each vector (used for access filters and to find the moment). */
export interface VectorMetadata {
  meetingId: string;
  startMs: number;
}

export interface VectorRecord {
  /** transcript_segments.id */
  id: string;
  values: number[];
  metadata: VectorMetadata;
}

export interface VectorMatch {
  id: string;
  /** Higher is more similar (cosine similarity). */
  score: number;
  meetingId: string;
  startMs: number;
}

export interface VectorQuery {
  vector: number[];
  topK: number;
  /**
   * Only these meetings may match (the meetings the caller may see). Required: a store never
   * answers an unfiltered query, so access is enforced inside the store as well as after it.
   */
  meetingIds: string[];
}

/**
 * A vector index partitioned by namespace (one per team; `user-<id>` for meetings without a
 * team). Every method is idempotent: upserting a record again replaces it, deleting what is gone
 * is fine.
 */
export interface VectorStore {
  readonly name: string;
  /**
   * Optional: prepares the store (e.g. creates its table) and throws
   * `VectorStoreUnavailableError` when it cannot work on this server. Stores without it are
   * always ready.
   */
  ensureReady?(): Promise<void>;
  upsert(namespace: string, records: VectorRecord[]): Promise<void>;
  query(namespace: string, q: VectorQuery): Promise<VectorMatch[]>;
  /** Removes every vector of the meeting. */
  deleteMeeting(namespace: string, meetingId: string): Promise<void>;
  /** Removes these vectors (e.g. a transcript line merged into another). */
  deleteIds(namespace: string, ids: string[]): Promise<void>;
  /**
   * Moves every vector of the meeting to another namespace (its team changed, e.g. the team was
   * deleted): nothing of it stays behind in `from`. `ids` are its records' ids (its transcript
   * segments), for stores that cannot select by meeting; records already gone are skipped.
   */
  moveMeeting(from: string, to: string, meetingId: string, ids: string[]): Promise<void>;
  close(): Promise<void>;
}

/** The store cannot work here (e.g. the pgvector extension is missing). */
export class VectorStoreUnavailableError extends Error {
  override name = 'VectorStoreUnavailableError';
}

/** Namespace of a meeting's vectors: its team, else its owner. */
export function meetingNamespace(m: { team_id: string | null; owner_id: string }): string {
  return m.team_id ? `team-${m.team_id}` : `user-${m.owner_id}`;
}

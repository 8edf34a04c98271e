import { findMemoryPassages, memoryPassagesByIds, type Db, type MemoryPassage } from '@parley/db';
import { reciprocalRankFusion, type Indexing } from '../indexing/index.ts';

// Passages of a subject's past meetings that bear on what is being said now: full text always,
// and nearest by meaning when a vector store and embeddings are configured, fused by rank.

export interface PassageQuery {
  /** The past meetings that may be quoted (the subject's, as the caller may see them). */
  meetingIds: readonly string[];
  /** The vector namespace those meetings are indexed under (`meetingNamespace`). */
  namespace: string;
  /** The conversation now (the latest turns' words). */
  text: string;
  limit?: number;
  /** Semantic index; null or absent: full text only. */
  indexing?: Indexing | null;
  /** The vector half failed (the full-text half still answers). */
  onVectorError?: (err: unknown) => void;
}

/** Candidates read from each list before fusing. */
const DEPTH = 20;

/** The best `limit` passages (default 5), by full text and, when configured, by meaning. */
export async function retrieveMemoryPassages(db: Db, q: PassageQuery): Promise<MemoryPassage[]> {
  const limit = q.limit ?? 5;
  if (q.meetingIds.length === 0 || !q.text.trim()) return [];
  if (!q.indexing) return findMemoryPassages(db, q.meetingIds, q.text, limit);
  const [fts, vectorIds] = await Promise.all([
    findMemoryPassages(db, q.meetingIds, q.text, DEPTH),
    nearestIds(q.indexing, q).catch((err: unknown) => {
      q.onVectorError?.(err);
      return [];
    }),
  ]);
  if (vectorIds.length === 0) return fts.slice(0, limit);
  const byId = new Map(fts.map((p) => [p.id, p]));
  // Vector matches are re-checked in SQL against the same meetings.
  const missing = vectorIds.filter((id) => !byId.has(id));
  for (const p of await memoryPassagesByIds(db, q.meetingIds, missing)) byId.set(p.id, p);
  return reciprocalRankFusion([
    { ids: fts.map((p) => p.id) },
    { ids: vectorIds.filter((id) => byId.has(id)) },
  ])
    .slice(0, limit)
    .flatMap(({ id }) => byId.get(id) ?? []);
}

/** Ids of the segments nearest the conversation by meaning, among the given meetings only. */
async function nearestIds(idx: Indexing, q: PassageQuery): Promise<string[]> {
  const [vector] = await idx.embeddings.embed([q.text.slice(-2000)]);
  if (!vector) return [];
  const matches = await idx.store.query(q.namespace, {
    vector,
    topK: DEPTH,
    meetingIds: [...q.meetingIds],
  });
  // A similarity of zero or less says nothing about the conversation.
  return matches.filter((m) => m.score > 0).map((m) => m.id);
}

import type { VectorMatch, VectorQuery, VectorRecord, VectorStore } from './types.ts';

export function cosine(a: number[], b: number[]): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] ?? 0;
    const y = b[i] ?? 0;
    dot += x * y;
    na += x * x;
    nb += y * y;
  }
  return na === 0 || nb === 0 ? 0 : dot / Math.sqrt(na * nb);
}

/** In-process store (tests, single-process tools). */
export class MemoryVectorStore implements VectorStore {
  readonly name = 'memory';
  readonly #ns = new Map<string, Map<string, VectorRecord>>();

  upsert(namespace: string, records: VectorRecord[]): Promise<void> {
    let m = this.#ns.get(namespace);
    if (!m) this.#ns.set(namespace, (m = new Map<string, VectorRecord>()));
    for (const r of records) m.set(r.id, structuredClone(r));
    return Promise.resolve();
  }

  query(namespace: string, q: VectorQuery): Promise<VectorMatch[]> {
    const allowed = new Set(q.meetingIds);
    const all = [...(this.#ns.get(namespace)?.values() ?? [])]
      .filter((r) => allowed.has(r.metadata.meetingId))
      .map((r) => ({
        id: r.id,
        score: cosine(q.vector, r.values),
        meetingId: r.metadata.meetingId,
        startMs: r.metadata.startMs,
      }))
      .sort((a, b) => b.score - a.score);
    return Promise.resolve(all.slice(0, q.topK));
  }

  deleteMeeting(namespace: string, meetingId: string): Promise<void> {
    const m = this.#ns.get(namespace);
    for (const [id, r] of m ?? []) if (r.metadata.meetingId === meetingId) m?.delete(id);
    return Promise.resolve();
  }

  deleteIds(namespace: string, ids: string[]): Promise<void> {
    const m = this.#ns.get(namespace);
    for (const id of ids) m?.delete(id);
    return Promise.resolve();
  }

  moveMeeting(from: string, to: string, meetingId: string): Promise<void> {
    const moving = [...(this.#ns.get(from)?.values() ?? [])].filter(
      (r) => r.metadata.meetingId === meetingId,
    );
    return this.upsert(to, moving).then(() => this.deleteMeeting(from, meetingId));
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}

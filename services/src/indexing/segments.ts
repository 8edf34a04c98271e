import type { Indexing } from './factory.ts';
import { meetingNamespace } from './types.ts';

/** A transcript line as the semantic index embeds it. */
export interface IndexedSegment {
  /** The segment row's id (the vector's id). */
  id: string;
  speakerName: string;
  text: string;
  startMs: number;
}

/**
 * Embeds transcript lines into the meeting's namespace (replacing their vectors) and removes the
 * vectors of `removedIds`. The one way lines are indexed: after the meeting and after an edit.
 */
export async function indexSegments(
  indexing: Indexing,
  meeting: { id: string; team_id: string | null; owner_id: string },
  segments: readonly IndexedSegment[],
  opts: { removedIds?: string[]; batch?: number; signal?: AbortSignal } = {},
): Promise<void> {
  const { embeddings, store } = indexing;
  const ns = meetingNamespace(meeting);
  const batch = opts.batch ?? 256;
  for (let i = 0; i < segments.length; i += batch) {
    const part = segments.slice(i, i + batch);
    const vectors = await embeddings.embed(
      part.map((s) => `${s.speakerName}: ${s.text}`),
      opts.signal,
    );
    await store.upsert(
      ns,
      part.map((s, j) => ({
        id: s.id,
        values: vectors[j] ?? [],
        metadata: { meetingId: meeting.id, startMs: s.startMs },
      })),
    );
  }
  if (opts.removedIds?.length) await store.deleteIds(ns, opts.removedIds);
}

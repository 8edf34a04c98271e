import { segmentsForIndexing, type Db } from '@parley/db';
import { OpenAIEmbeddings } from '../embeddings.ts';
import type { Indexing } from '../factory.ts';
import { MemoryVectorStore } from '../memory.ts';
import type { FakeEmbeddingsServer } from './fake-embeddings.ts';

/** A semantic index for tests: the local embeddings server and an in-process vector store. */
export function memoryIndexing(server: FakeEmbeddingsServer): Indexing {
  return {
    embeddings: new OpenAIEmbeddings({
      apiKey: 'test',
      baseURL: server.baseURL,
      model: 'fake',
      dimensions: server.dimensions,
      sendDimensions: false,
      maxRetries: 0,
    }),
    store: new MemoryVectorStore(),
  };
}

/** Embeds a meeting's stored segments into `namespace`, as the post-meeting index step does. */
export async function indexMeetingSegments(
  indexing: Indexing,
  db: Db,
  namespace: string,
  meetingId: string,
): Promise<void> {
  const segs = await segmentsForIndexing(db, meetingId);
  const vectors = await indexing.embeddings.embed(segs.map((s) => `${s.speakerName}: ${s.text}`));
  await indexing.store.upsert(
    namespace,
    segs.map((s, i) => ({
      id: s.id,
      values: vectors[i] ?? [],
      metadata: { meetingId, startMs: s.startMs },
    })),
  );
}

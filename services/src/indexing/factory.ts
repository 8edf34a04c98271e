import type { Db } from '@parley/db';
import type { IndexingConfig } from './config.ts';
import { OpenAIEmbeddings } from './embeddings.ts';
import { PgVectorStore } from './pgvector.ts';
import { PineconeVectorStore } from './pinecone.ts';
import type { EmbeddingsProvider, VectorStore } from './types.ts';

/** Embeddings and a vector store, or null when no embeddings provider is configured. */
export interface Indexing {
  embeddings: EmbeddingsProvider;
  store: VectorStore;
}

/** Builds the semantic index from its config; null means full-text search only. */
export function createIndexing(config: IndexingConfig, db: Db): Indexing | null {
  if (config.embeddings.provider === 'none') return null;
  const e = config.embeddings;
  const embeddings = new OpenAIEmbeddings({
    apiKey: e.apiKey,
    baseURL: e.baseURL,
    model: e.model,
    dimensions: e.dimensions,
    sendDimensions: e.sendDimensions,
  });
  const v = config.vectorStore;
  const store: VectorStore =
    v.provider === 'pinecone'
      ? new PineconeVectorStore({ apiKey: v.apiKey, indexHost: v.indexHost })
      : new PgVectorStore(db, { dimensions: e.dimensions, table: v.table });
  return { embeddings, store };
}

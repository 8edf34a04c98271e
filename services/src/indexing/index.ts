export {
  VectorStoreUnavailableError,
  meetingNamespace,
  type EmbeddingsProvider,
  type VectorMatch,
  type VectorMetadata,
  type VectorQuery,
  type VectorRecord,
  type VectorStore,
} from './types.ts';
export { indexingConfigFrom, indexingEnvSchema, type IndexingConfig } from './config.ts';
export {
  OpenAIEmbeddings,
  defaultOpenAIEmbeddingsOptions,
  type OpenAIEmbeddingsOptions,
} from './embeddings.ts';
export {
  PineconeVectorStore,
  defaultPineconeStoreOptions,
  type PineconeStoreOptions,
} from './pinecone.ts';
export {
  PgVectorStore,
  defaultPgVectorStoreOptions,
  type PgVectorStoreOptions,
} from './pgvector.ts';
export { MemoryVectorStore, cosine } from './memory.ts';
export { createIndexing, type Indexing } from './factory.ts';
export { indexSegments, type IndexedSegment } from './segments.ts';
export { moveTeamMeetingVectors } from './move.ts';
export { reciprocalRankFusion, type RankedList } from './rrf.ts';

import { z } from 'zod';

// Settings of semantic indexing, shared by the agent (indexing step) and the web app (query
// embedding, deletes). A pure function of an env object: callers pass their environment once.

export interface IndexingConfig {
  embeddings:
    | { provider: 'none' }
    | {
        provider: 'openai';
        apiKey: string;
        baseURL: string | undefined;
        model: string;
        dimensions: number;
        sendDimensions: boolean;
      };
  vectorStore:
    | { provider: 'pgvector'; table: string }
    | { provider: 'pinecone'; apiKey: string; indexHost: string };
}

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

export const indexingEnvSchema = z.object({
  EMBEDDINGS_PROVIDER: z.enum(['openai', 'none']).optional(),
  EMBEDDINGS_API_KEY: z.string().min(1).optional(),
  EMBEDDINGS_BASE_URL: z.url().optional(),
  EMBEDDINGS_MODEL: z.string().min(1).default('text-embedding-3-small'),
  EMBEDDINGS_DIMENSIONS: z.coerce.number().int().min(8).max(4096).default(1536),
  EMBEDDINGS_SEND_DIMENSIONS: bool.default(true),
  OPENAI_API_KEY: z.string().min(1).optional(),
  OPENAI_BASE_URL: z.url().optional(),
  VECTOR_STORE: z.enum(['pgvector', 'pinecone']).default('pgvector'),
  PGVECTOR_TABLE: z
    .string()
    .regex(/^[a-z_][a-z0-9_]{0,62}$/)
    .default('segment_vectors'),
  PINECONE_API_KEY: z.string().min(1).optional(),
  PINECONE_INDEX_HOST: z.string().min(1).optional(),
});

/** Validates the indexing variables; returns the config or a list of `NAME: problem` lines. */
export function parseIndexingConfig(
  env: Record<string, string | undefined>,
): { ok: true; config: IndexingConfig } | { ok: false; problems: string[] } {
  const cleaned = Object.fromEntries(
    Object.entries(env).filter(([, v]) => v !== undefined && v !== ''),
  );
  const r = indexingEnvSchema.safeParse(cleaned);
  if (!r.success) {
    return { ok: false, problems: r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`) };
  }
  const e = r.data;
  const problems: string[] = [];
  const apiKey = e.EMBEDDINGS_API_KEY ?? e.OPENAI_API_KEY;
  const provider = e.EMBEDDINGS_PROVIDER ?? (apiKey ? 'openai' : 'none');
  if (provider === 'openai' && !apiKey) {
    problems.push('EMBEDDINGS_API_KEY: required when EMBEDDINGS_PROVIDER is openai');
  }
  if (e.VECTOR_STORE === 'pinecone') {
    if (!e.PINECONE_API_KEY)
      problems.push('PINECONE_API_KEY: required when VECTOR_STORE is pinecone');
    if (!e.PINECONE_INDEX_HOST) {
      problems.push('PINECONE_INDEX_HOST: required when VECTOR_STORE is pinecone');
    }
  }
  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    config: {
      embeddings:
        provider === 'openai' && apiKey
          ? {
              provider: 'openai',
              apiKey,
              baseURL: e.EMBEDDINGS_BASE_URL ?? e.OPENAI_BASE_URL,
              model: e.EMBEDDINGS_MODEL,
              dimensions: e.EMBEDDINGS_DIMENSIONS,
              sendDimensions: e.EMBEDDINGS_SEND_DIMENSIONS,
            }
          : { provider: 'none' },
      vectorStore:
        e.VECTOR_STORE === 'pinecone' && e.PINECONE_API_KEY && e.PINECONE_INDEX_HOST
          ? { provider: 'pinecone', apiKey: e.PINECONE_API_KEY, indexHost: e.PINECONE_INDEX_HOST }
          : { provider: 'pgvector', table: e.PGVECTOR_TABLE },
    },
  };
}

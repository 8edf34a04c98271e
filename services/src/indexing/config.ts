import { z } from 'zod';
import { envBool, type EnvProblem } from '../env/parse.ts';
import type { openaiEnvSchema } from '../env/shared.ts';

// Settings of semantic indexing, shared by the agent (indexing step) and the web app (query
// embedding, deletes).

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

/** Semantic search: the embeddings provider and the vector store. */
export const indexingEnvSchema = z.object({
  EMBEDDINGS_PROVIDER: z.enum(['openai', 'none']).optional(),
  EMBEDDINGS_API_KEY: z.string().min(1).optional(),
  EMBEDDINGS_BASE_URL: z.url().optional(),
  EMBEDDINGS_MODEL: z.string().min(1).default('text-embedding-3-small'),
  EMBEDDINGS_DIMENSIONS: z.coerce.number().int().min(8).max(4096).default(1536),
  EMBEDDINGS_SEND_DIMENSIONS: envBool.default(true),
  VECTOR_STORE: z.enum(['pgvector', 'pinecone']).default('pgvector'),
  PGVECTOR_TABLE: z
    .string()
    .regex(/^[a-z_][a-z0-9_]{0,62}$/)
    .default('segment_vectors'),
  PINECONE_API_KEY: z.string().min(1).optional(),
  PINECONE_INDEX_HOST: z.string().min(1).optional(),
});

/**
 * The indexing config from validated variables (EMBEDDINGS_*, else OPENAI_* for the key and
 * address); or the settings that do not fit together.
 */
export function indexingConfigFrom(
  e: z.output<typeof indexingEnvSchema> & z.output<typeof openaiEnvSchema>,
): { ok: true; config: IndexingConfig } | { ok: false; problems: EnvProblem[] } {
  const problems: EnvProblem[] = [];
  const apiKey = e.EMBEDDINGS_API_KEY ?? e.OPENAI_API_KEY;
  const provider = e.EMBEDDINGS_PROVIDER ?? (apiKey ? 'openai' : 'none');
  if (provider === 'openai' && !apiKey) {
    problems.push({
      name: 'EMBEDDINGS_API_KEY',
      message: 'required when EMBEDDINGS_PROVIDER is openai',
    });
  }
  if (e.VECTOR_STORE === 'pinecone') {
    for (const name of ['PINECONE_API_KEY', 'PINECONE_INDEX_HOST'] as const) {
      if (!e[name]) problems.push({ name, message: 'required when VECTOR_STORE is pinecone' });
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

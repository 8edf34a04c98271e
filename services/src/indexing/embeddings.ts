import OpenAI from 'openai';
import type { EmbeddingsProvider } from './types.ts';

export interface OpenAIEmbeddingsOptions {
  apiKey: string;
  /** OpenAI-compatible API base (ends in /v1); OpenAI when unset. */
  baseURL?: string | undefined;
  model: string;
  dimensions: number;
  /** Send `dimensions` in the request (text-embedding-3 models; other servers may refuse it). */
  sendDimensions: boolean;
  /** Texts per request. */
  batchSize: number;
  timeoutMs: number;
  maxRetries: number;
}

export const defaultOpenAIEmbeddingsOptions: Omit<OpenAIEmbeddingsOptions, 'apiKey'> = {
  model: 'text-embedding-3-small',
  dimensions: 1536,
  sendDimensions: true,
  batchSize: 100,
  timeoutMs: 30_000,
  maxRetries: 3,
};

/** Embeddings from an OpenAI-compatible `/embeddings` endpoint (official SDK, with retries). */
export class OpenAIEmbeddings implements EmbeddingsProvider {
  readonly name = 'openai';
  readonly dimensions: number;
  readonly #o: OpenAIEmbeddingsOptions;
  readonly #client: OpenAI;

  constructor(options: Partial<OpenAIEmbeddingsOptions> & { apiKey: string }) {
    this.#o = { ...defaultOpenAIEmbeddingsOptions, ...options };
    this.dimensions = this.#o.dimensions;
    this.#client = new OpenAI({
      apiKey: this.#o.apiKey,
      ...(this.#o.baseURL ? { baseURL: this.#o.baseURL } : {}),
      timeout: this.#o.timeoutMs,
      maxRetries: this.#o.maxRetries,
    });
  }

  async embed(texts: string[], signal?: AbortSignal): Promise<number[][]> {
    const out: number[][] = [];
    for (let i = 0; i < texts.length; i += this.#o.batchSize) {
      const batch = texts.slice(i, i + this.#o.batchSize).map((t) => t || ' ');
      const res = await this.#client.embeddings.create(
        {
          model: this.#o.model,
          input: batch,
          ...(this.#o.sendDimensions ? { dimensions: this.#o.dimensions } : {}),
          encoding_format: 'float',
        },
        signal ? { signal } : {},
      );
      const sorted = [...res.data].sort((a, b) => a.index - b.index);
      if (sorted.length !== batch.length) {
        throw new Error(`embeddings: ${sorted.length} vectors for ${batch.length} texts`);
      }
      for (const d of sorted) {
        if (d.embedding.length !== this.dimensions) {
          throw new Error(
            `embeddings: vector of ${d.embedding.length} dimensions, expected ${this.dimensions} (EMBEDDINGS_DIMENSIONS)`,
          );
        }
        out.push(d.embedding);
      }
    }
    return out;
  }
}

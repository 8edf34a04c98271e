import type { S3Config } from './config.ts';

/**
 * What Parley does with its object store (recordings under `meetings/<id>/`). One
 * implementation (S3 through the MinIO client); tests wrap it to inject faults.
 */
/** S3's smallest multipart part (all parts but the last must be at least this). */
export const MIN_PART_BYTES = 5 * 1024 * 1024;

export interface ObjectStore {
  createMultipart(key: string, contentType: string): Promise<string>;
  /** Uploads one part; `md5` (base64) is sent as Content-MD5 so a damaged body is refused. */
  uploadPart(
    key: string,
    uploadId: string,
    part: number,
    body: Buffer,
    md5: string,
  ): Promise<string>;
  completeMultipart(
    key: string,
    uploadId: string,
    parts: { part: number; etag: string }[],
  ): Promise<string>;
  abortMultipart(key: string, uploadId: string): Promise<void>;
  putObject(key: string, body: Buffer, contentType: string): Promise<void>;
  /** A stored object's bytes as a stream; null when there is none. */
  getObject(key: string): Promise<NodeJS.ReadableStream | null>;
  /** Size of a stored object; null when there is none. */
  statSize(key: string): Promise<number | null>;
  removeObjects(keys: string[]): Promise<void>;
  /**
   * Removes every object whose key starts with `prefix`; returns how many. Idempotent: nothing
   * stored, or no bucket yet, is 0. An unreachable store is an error.
   */
  removePrefix(prefix: string): Promise<number>;
  /**
   * A presigned GET URL valid `ttlSeconds`, computed locally (no request to the store);
   * `responseHeaders` are S3's `response-content-type` / `response-content-disposition`.
   */
  presignedGet(
    key: string,
    ttlSeconds: number,
    responseHeaders?: Record<string, string>,
  ): Promise<string>;
}

/**
 * The S3 store with its client loaded on first use: every meeting job may record, but most
 * never touch S3, and loading the S3 client costs each job process about 40 MB.
 */
export function createObjectStore(config: S3Config): ObjectStore {
  let real: Promise<ObjectStore> | null = null;
  const get = () => (real ??= import('./s3.ts').then((m) => m.createS3Store(config)));
  return {
    createMultipart: async (...a) => (await get()).createMultipart(...a),
    uploadPart: async (...a) => (await get()).uploadPart(...a),
    completeMultipart: async (...a) => (await get()).completeMultipart(...a),
    abortMultipart: async (...a) => (await get()).abortMultipart(...a),
    putObject: async (...a) => (await get()).putObject(...a),
    getObject: async (...a) => (await get()).getObject(...a),
    statSize: async (...a) => (await get()).statSize(...a),
    removeObjects: async (...a) => (await get()).removeObjects(...a),
    removePrefix: async (...a) => (await get()).removePrefix(...a),
    presignedGet: async (...a) => (await get()).presignedGet(...a),
  };
}

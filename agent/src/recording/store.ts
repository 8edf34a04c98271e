import { Client } from 'minio';

import type { S3Config } from '@parley/db';

export { s3ConfigFrom, type S3Config } from '@parley/db';

/**
 * The few object-store calls the recorder needs. One implementation (S3 through the MinIO
 * client); tests wrap it to inject faults.
 */
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
  /** Size of a stored object; null when there is none. */
  statSize(key: string): Promise<number | null>;
  removeObjects(keys: string[]): Promise<void>;
}

function isNotFound(err: unknown): boolean {
  const code = (err as { code?: string } | null)?.code;
  return code === 'NotFound' || code === 'NoSuchKey';
}

/** The S3 store, through the MinIO client (works with AWS S3, MinIO and other S3 servers). */
export function createS3Store(c: S3Config): ObjectStore {
  const client = new Client({
    endPoint: c.endPoint,
    ...(c.port ? { port: c.port } : {}),
    useSSL: c.useSSL,
    accessKey: c.accessKey,
    secretKey: c.secretKey,
    region: c.region,
  });
  const b = c.bucket;
  return {
    createMultipart: (key, contentType) =>
      client.initiateNewMultipartUpload(b, key, { 'Content-Type': contentType }),
    uploadPart: async (key, uploadId, part, body, md5) => {
      const r = await client.uploadPart(
        {
          bucketName: b,
          objectName: key,
          uploadID: uploadId,
          partNumber: part,
          headers: { 'Content-Length': body.length, 'Content-MD5': md5 },
        },
        body,
      );
      return r.etag;
    },
    completeMultipart: async (key, uploadId, parts) => {
      const r = await client.completeMultipartUpload(b, key, uploadId, parts);
      return r.etag;
    },
    abortMultipart: (key, uploadId) => client.abortMultipartUpload(b, key, uploadId),
    putObject: async (key, body, contentType) => {
      await client.putObject(b, key, body, body.length, { 'Content-Type': contentType });
    },
    statSize: async (key) => {
      try {
        return (await client.statObject(b, key)).size;
      } catch (err) {
        if (isNotFound(err)) return null;
        throw err;
      }
    },
    removeObjects: async (keys) => {
      for (let i = 0; i < keys.length; i += 1000) {
        await client.removeObjects(b, keys.slice(i, i + 1000));
      }
    },
  };
}

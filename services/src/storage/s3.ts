import { Client } from 'minio';
import type { S3Config } from './config.ts';
import type { ObjectStore } from './store.ts';

// The S3 implementation (MinIO client). Loaded on first use through `createObjectStore`.

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
  const removeObjects = async (keys: string[]) => {
    for (let i = 0; i < keys.length; i += 1000) {
      await client.removeObjects(b, keys.slice(i, i + 1000));
    }
  };
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
    getObject: async (key) => {
      try {
        return await client.getObject(b, key);
      } catch (err) {
        if (isNotFound(err)) return null;
        throw err;
      }
    },
    statSize: async (key) => {
      try {
        return (await client.statObject(b, key)).size;
      } catch (err) {
        if (isNotFound(err)) return null;
        throw err;
      }
    },
    removeObjects,
    removePrefix: async (prefix) => {
      if (!(await client.bucketExists(b))) return 0;
      const keys: string[] = [];
      const stream = client.listObjectsV2(b, prefix, true);
      for await (const item of stream as AsyncIterable<{ name?: string }>) {
        if (item.name) keys.push(item.name);
      }
      await removeObjects(keys);
      return keys.length;
    },
    presignedGet: (key, ttlSeconds, responseHeaders = {}) =>
      client.presignedGetObject(b, key, ttlSeconds, responseHeaders),
  };
}

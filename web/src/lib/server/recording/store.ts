import { Client } from 'minio';
import { config } from '../config.ts';

let signer: Client | undefined;

/**
 * The S3 client that signs playback URLs: for the public endpoint when one is set (a presigned
 * URL is only valid for the host it was signed for). Signing is computed locally (the region is
 * given), so no request goes to S3. Null without an object store.
 */
function urlSigner(): { client: Client; bucket: string } | null {
  const c = config();
  const s3 = c.s3;
  if (!s3) return null;
  if (!signer) {
    const pub = c.s3PublicEndpoint ? new URL(c.s3PublicEndpoint) : null;
    signer = new Client({
      endPoint: pub ? pub.hostname : s3.endPoint,
      ...(pub ? (pub.port ? { port: Number(pub.port) } : {}) : s3.port ? { port: s3.port } : {}),
      useSSL: pub ? pub.protocol === 'https:' : s3.useSSL,
      accessKey: s3.accessKey,
      secretKey: s3.secretKey,
      region: s3.region,
    });
  }
  return { client: signer, bucket: s3.bucket };
}

/** Whether an object store is configured. */
export function hasObjectStore(): boolean {
  return config().s3 !== null;
}

/**
 * A presigned GET URL for an object, valid `ttlSeconds` (capped at RECORDING_URL_TTL_SECONDS).
 * With `downloadName` the response carries `Content-Disposition: attachment`. Range requests
 * work on presigned GETs (S3 and MinIO answer 206).
 */
export async function presignedObjectUrl(
  key: string,
  opts: { downloadName?: string; contentType?: string; ttlSeconds?: number } = {},
): Promise<{ url: string; expiresInSeconds: number }> {
  const s = urlSigner();
  if (!s) throw new Error('no object store configured');
  const ttl = Math.min(opts.ttlSeconds ?? Infinity, config().recordingUrlTtlSeconds);
  const headers: Record<string, string> = {};
  if (opts.contentType) headers['response-content-type'] = opts.contentType;
  if (opts.downloadName) {
    const ascii = opts.downloadName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
    headers['response-content-disposition'] =
      `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(opts.downloadName)}`;
  }
  const url = await s.client.presignedGetObject(s.bucket, key, ttl, headers);
  return { url, expiresInSeconds: ttl };
}

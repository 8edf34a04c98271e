import { config } from '../config.ts';
import { urlSigner } from '../storage.ts';

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
  const url = await s.presignedGet(key, ttl, headers);
  return { url, expiresInSeconds: ttl };
}

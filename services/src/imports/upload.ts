import { createHash } from 'node:crypto';
import type { ImportFormat } from '@parley/protocol';
import { MIN_PART_BYTES, type ObjectStore } from '../storage/store.ts';
import { SNIFF_BYTES, sniffAudio } from './sniff.ts';

/** Why an upload was refused (the caller maps it to 413 / 415 / 422). */
export class UploadRefused extends Error {
  override name = 'UploadRefused';
  readonly reason: 'too_large' | 'empty' | 'not_audio';
  constructor(reason: 'too_large' | 'empty' | 'not_audio') {
    super(reason);
    this.reason = reason;
  }
}

export interface StoredUpload {
  format: ImportFormat;
  sizeBytes: number;
}

/**
 * Streams a request body into the store under `key`, one part in memory at a time: the type is
 * sniffed from the first bytes (not audio: refused before anything is stored), the size is
 * counted as it arrives (over `maxBytes`: refused at once, the partial upload aborted). On any
 * refusal or error nothing stays in the store.
 */
export async function storeUpload(
  store: ObjectStore,
  key: string,
  body: ReadableStream<Uint8Array> | null,
  opts: { maxBytes: number; contentType?: string; partBytes?: number },
): Promise<StoredUpload> {
  const partBytes = Math.max(opts.partBytes ?? MIN_PART_BYTES, MIN_PART_BYTES);
  const contentType = opts.contentType ?? 'application/octet-stream';
  if (!body) throw new UploadRefused('empty');
  const reader = body.getReader();
  let chunks: Uint8Array[] = [];
  let buffered = 0;
  let size = 0;
  let format: ImportFormat | null = null;
  let uploadId: string | null = null;
  const parts: { part: number; etag: string }[] = [];
  const take = () => {
    const buf = Buffer.concat(chunks, buffered);
    chunks = [];
    buffered = 0;
    return buf;
  };
  const sendPart = async (buf: Buffer) => {
    uploadId ??= await store.createMultipart(key, contentType);
    const md5 = createHash('md5').update(buf).digest('base64');
    const part = parts.length + 1;
    parts.push({ part, etag: await store.uploadPart(key, uploadId, part, buf, md5) });
  };
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > opts.maxBytes) throw new UploadRefused('too_large');
      chunks.push(value);
      buffered += value.byteLength;
      if (!format && buffered >= SNIFF_BYTES) {
        format = sniffAudio(Buffer.concat(chunks, buffered).subarray(0, SNIFF_BYTES));
        if (!format) throw new UploadRefused('not_audio');
      }
      if (buffered >= partBytes) await sendPart(take());
    }
    if (size === 0) throw new UploadRefused('empty');
    if (!format) {
      format = sniffAudio(Buffer.concat(chunks));
      if (!format) throw new UploadRefused('not_audio');
    }
    const rest = take();
    if (uploadId) {
      if (rest.length > 0) await sendPart(rest);
      await store.completeMultipart(key, uploadId, parts);
    } else {
      await store.putObject(key, rest, contentType);
    }
    return { format, sizeBytes: size };
  } catch (err) {
    // A refusal leaves the rest of the body unread (the caller answers and closes the
    // connection); cancelling would tear the connection down before the answer goes out.
    if (err instanceof UploadRefused) reader.releaseLock();
    else await reader.cancel().catch(() => undefined);
    if (uploadId) await store.abortMultipart(key, uploadId).catch(() => undefined);
    throw err;
  }
}

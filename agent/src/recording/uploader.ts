import { createHash } from 'node:crypto';
import { open, rm, stat, type FileHandle } from 'node:fs/promises';
import type { RecordingPart } from '@parley/db';
import { MIN_PART_BYTES, type ObjectStore } from '@parley/services/storage';

export interface UploaderOptions {
  /**
   * Bytes per part. S3 refuses parts under 5 MiB except the last, so at 24 kbit/s a part holds
   * about 29 minutes of audio; the local spool file covers what is not uploaded yet.
   */
  partBytes: number;
  contentType: string;
  /** First and longest wait between retries of a failed S3 call. */
  retryBaseMs: number;
  retryMaxMs: number;
}

export { MIN_PART_BYTES };

export const defaultUploaderOptions: UploaderOptions = {
  partBytes: MIN_PART_BYTES,
  contentType: 'audio/ogg',
  retryBaseMs: 500,
  retryMaxMs: 15_000,
};

export type UploadProblem = 's3_unavailable' | 'corrupted_upload';

export interface UploaderHooks {
  /** A part is stored (persist it: a crash can then complete the upload with it). */
  onPart?: (part: RecordingPart, uploadId: string) => Promise<void> | void;
  /** The upload id was created (persist it). */
  onUploadId?: (uploadId: string) => Promise<void> | void;
  /** S3 failed or refused a part; retrying. Called once per outage. */
  onProblem?: (problem: UploadProblem, err: unknown) => void;
  onRecovered?: () => void;
}

/** The upload could not finish before its deadline; the spool file and upload id are kept. */
export class UploadPendingError extends Error {
  override name = 'UploadPendingError';
  readonly problem: UploadProblem;
  constructor(problem: UploadProblem) {
    super(`upload not finished (${problem})`);
    this.problem = problem;
  }
}

/** The stored object does not match what was sent. */
export class CorruptedUploadError extends Error {
  override name = 'CorruptedUploadError';
}

/** Our checksum check failed, or S3 refused a body whose Content-MD5 did not match. */
function isCorruption(err: unknown): boolean {
  if (err instanceof CorruptedUploadError) return true;
  const code = (err as { code?: unknown } | null)?.code;
  return code === 'BadDigest' || code === 'InvalidDigest';
}

const md5 = (b: Buffer) => createHash('md5').update(b).digest();
const unquote = (etag: string) => etag.replace(/^"|"$/g, '').toLowerCase();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** S3's ETag of a multipart object: md5 of the parts' binary md5s, then `-N`. */
export function multipartEtag(partMd5s: Buffer[]): string {
  return `${md5(Buffer.concat(partMd5s)).toString('hex')}-${partMd5s.length}`;
}

/**
 * Streams a growing file to S3 as a multipart upload. Every byte goes to a local spool file
 * first; full parts are read back from it and uploaded (Content-MD5, ETag checked) while the
 * recording goes on; S3 failures are retried with backoff while the spool grows. `finish()`
 * uploads the rest as the last part, completes and checks the object. A crash loses nothing that
 * is in the spool (a sweep on the same host resumes from the stored parts); on another host it
 * completes with the stored parts, so at most the last (unfinished) part is lost.
 */
export class MultipartUploader {
  readonly #store: ObjectStore;
  readonly #key: string;
  readonly #spoolPath: string;
  readonly #o: UploaderOptions;
  readonly #h: UploaderHooks;
  #fh: FileHandle | null = null;
  #uploadId: string | null;
  readonly #parts: (RecordingPart & { md5: Buffer })[];
  #uploaded: number;
  #written = 0;
  #writes: Promise<void> = Promise.resolve();
  #pump: Promise<void> | null = null;
  #finishing = false;
  #giveUpAt = Infinity;
  #troubled: UploadProblem | null = null;
  #writeError: unknown = null;

  constructor(
    store: ObjectStore,
    key: string,
    spoolPath: string,
    options: Partial<UploaderOptions> = {},
    hooks: UploaderHooks = {},
  ) {
    this.#store = store;
    this.#key = key;
    this.#spoolPath = spoolPath;
    this.#o = { ...defaultUploaderOptions, ...options };
    this.#h = hooks;
    this.#uploadId = null;
    this.#parts = [];
    this.#uploaded = 0;
  }

  get key(): string {
    return this.#key;
  }

  get uploadId(): string | null {
    return this.#uploadId;
  }

  /** Bytes written to the spool / stored in S3. */
  get writtenBytes(): number {
    return this.#written;
  }

  get uploadedBytes(): number {
    return this.#uploaded;
  }

  /** Creates the spool file (truncating one left over) and starts uploading. */
  async start(): Promise<void> {
    this.#fh = await open(this.#spoolPath, 'w+');
    this.#written = 0;
    this.#kick();
  }

  /** Appends bytes (in order); uploads a part whenever a full one is spooled. */
  write(chunk: Buffer): void {
    const fh = this.#fh;
    if (!fh) throw new Error('uploader not started');
    this.#writes = this.#writes.then(async () => {
      if (this.#writeError) return;
      try {
        await fh.write(chunk);
        this.#written += chunk.length;
        if (this.#written - this.#uploaded >= this.#o.partBytes) this.#kick();
      } catch (err) {
        this.#writeError = err;
      }
    });
  }

  #kick(): void {
    // Errors surface in finish(), which runs the loop again with a deadline.
    this.#pump ??= this.#run()
      .catch(() => undefined)
      .finally(() => {
        this.#pump = null;
      });
  }

  async #retrying<T>(problem: UploadProblem, fn: () => Promise<T>): Promise<T> {
    let delay = this.#o.retryBaseMs;
    for (;;) {
      try {
        const r = await fn();
        if (this.#troubled) {
          this.#troubled = null;
          this.#h.onRecovered?.();
        }
        return r;
      } catch (err) {
        const p: UploadProblem = isCorruption(err) ? 'corrupted_upload' : problem;
        if (this.#troubled !== p) {
          this.#troubled = p;
          this.#h.onProblem?.(p, err);
        }
        const left = this.#giveUpAt - Date.now();
        if (left <= 0) throw new UploadPendingError(p);
        await sleep(Math.min(delay, left));
        delay = Math.min(delay * 2, this.#o.retryMaxMs);
      }
    }
  }

  async #run(): Promise<void> {
    for (;;) {
      const avail = this.#written - this.#uploaded;
      const last = this.#finishing;
      if (!(avail >= this.#o.partBytes || (last && (avail > 0 || this.#parts.length === 0)))) {
        return;
      }
      const uploadId =
        this.#uploadId ??
        (await this.#retrying('s3_unavailable', () =>
          this.#store.createMultipart(this.#key, this.#o.contentType),
        ));
      if (!this.#uploadId) {
        this.#uploadId = uploadId;
        await this.#h.onUploadId?.(uploadId);
      }
      const size = last ? avail : this.#o.partBytes;
      const body = Buffer.alloc(size);
      const fh = this.#fh;
      if (!fh) throw new Error('uploader not started');
      await fh.read(body, 0, size, this.#uploaded);
      const sum = md5(body);
      const part = this.#parts.length + 1;
      const etag = await this.#retrying('s3_unavailable', async () => {
        const e = await this.#store.uploadPart(
          this.#key,
          uploadId,
          part,
          body,
          sum.toString('base64'),
        );
        if (unquote(e) !== sum.toString('hex')) {
          throw new CorruptedUploadError(`part ${part}: stored checksum differs`);
        }
        return unquote(e);
      });
      const stored = { part, etag, size, md5: sum };
      this.#parts.push(stored);
      this.#uploaded += size;
      await this.#h.onPart?.({ part, etag, size }, uploadId);
    }
  }

  /**
   * Uploads the rest, completes the upload and checks the stored object (size and multipart
   * ETag). Gives up after `timeoutMs` with UploadPendingError (spool and upload kept for a sweep).
   * On success the spool file is removed.
   */
  async finish(timeoutMs: number): Promise<{ sizeBytes: number; parts: number }> {
    await this.#writes;
    if (this.#writeError) throw new Error('spool write failed', { cause: this.#writeError });
    this.#finishing = true;
    this.#giveUpAt = Date.now() + timeoutMs;
    while (this.#pump) await this.#pump;
    await this.#run();
    const uploadId = this.#uploadId;
    if (!uploadId) throw new UploadPendingError('s3_unavailable');
    const parts = this.#parts.map((p) => ({ part: p.part, etag: p.etag }));
    const etag = await this.#retrying('s3_unavailable', () =>
      this.#store.completeMultipart(this.#key, uploadId, parts),
    );
    const size = await this.#retrying('s3_unavailable', () => this.#store.statSize(this.#key));
    if (size !== this.#written) {
      throw new CorruptedUploadError(`stored ${size ?? 'nothing'}, sent ${this.#written} bytes`);
    }
    if (unquote(etag) !== multipartEtag(this.#parts.map((p) => p.md5))) {
      throw new CorruptedUploadError('stored object checksum differs');
    }
    await this.#fh?.close();
    this.#fh = null;
    await rm(this.#spoolPath, { force: true });
    return { sizeBytes: size, parts: parts.length };
  }

  /** Closes the spool file, keeping it (a sweep may still need it). */
  async release(): Promise<void> {
    await this.#writes.catch(() => undefined);
    await this.#fh?.close().catch(() => undefined);
    this.#fh = null;
  }
}

/** Size of a spool file, or null when it is not on this host. */
export async function spoolSize(path: string): Promise<number | null> {
  try {
    return (await stat(path)).size;
  } catch {
    return null;
  }
}

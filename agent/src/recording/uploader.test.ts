import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { waitFor } from '@parley/testkit';
import { afterAll, describe, expect, it } from 'vitest';
import type { ObjectStore } from '@parley/services/storage';
import {
  CorruptedUploadError,
  MultipartUploader,
  UploadPendingError,
  multipartEtag,
} from './uploader.ts';

const dir = await mkdtemp(join(tmpdir(), 'parley-up-'));
afterAll(() => rm(dir, { recursive: true, force: true }));

const md5 = (b: Buffer) => createHash('md5').update(b).digest();

/** An in-memory S3 with switches for outages and damage. */
function memoryStore() {
  const uploads = new Map<string, Map<number, Buffer>>();
  const objects = new Map<string, Buffer>();
  const s = {
    down: false,
    /** Damage the body of the next N part uploads (as a bad network would). */
    corruptNext: 0,
    /** Store a different object than the parts say (a broken server). */
    truncateOnComplete: false,
    calls: { uploadPart: 0 },
    objects,
  };
  let n = 0;
  const check = () => {
    if (s.down) throw Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
  };
  const store: ObjectStore = {
    createMultipart: () => {
      check();
      const id = `up-${++n}`;
      uploads.set(id, new Map());
      return Promise.resolve(id);
    },
    uploadPart: (_key, uploadId, part, body, contentMd5) => {
      s.calls.uploadPart += 1;
      check();
      const data = Buffer.from(body);
      if (s.corruptNext > 0) {
        s.corruptNext -= 1;
        data[0] = (data[0] ?? 0) ^ 0xff;
      }
      // A server honouring Content-MD5 would refuse; this one stores and returns the real md5.
      void contentMd5;
      uploads.get(uploadId)?.set(part, data);
      return Promise.resolve(md5(data).toString('hex'));
    },
    completeMultipart: (key, uploadId, parts) => {
      check();
      const u = uploads.get(uploadId);
      if (!u) return Promise.reject(new Error('NoSuchUpload'));
      const bufs = parts.map((p) => u.get(p.part) ?? Buffer.alloc(0));
      let obj = Buffer.concat(bufs);
      if (s.truncateOnComplete) obj = obj.subarray(1);
      objects.set(key, obj);
      uploads.delete(uploadId);
      return Promise.resolve(multipartEtag(bufs.map(md5)));
    },
    abortMultipart: (_k, uploadId) => {
      uploads.delete(uploadId);
      return Promise.resolve();
    },
    putObject: (key, body) => {
      check();
      objects.set(key, Buffer.from(body));
      return Promise.resolve();
    },
    statSize: (key) => {
      check();
      return Promise.resolve(objects.get(key)?.length ?? null);
    },
    removeObjects: (keys) => {
      for (const k of keys) objects.delete(k);
      return Promise.resolve();
    },
    removePrefix: (prefix) => {
      const keys = [...objects.keys()].filter((k) => k.startsWith(prefix));
      for (const k of keys) objects.delete(k);
      return Promise.resolve(keys.length);
    },
    presignedGet: (key) => Promise.resolve(`memory://${key}`),
    getObject: () => Promise.resolve(null),
  };
  return { store, s };
}

const fast = { partBytes: 1000, retryBaseMs: 5, retryMaxMs: 20 };

describe('MultipartUploader', () => {
  it('uploads full parts while data arrives and the rest on finish; the object is exact', async () => {
    const { store, s } = memoryStore();
    const parts: number[] = [];
    const spool = join(dir, 'a.ogg');
    const u = new MultipartUploader(store, 'k/a', spool, fast, {
      onPart: (p) => void parts.push(p.size),
    });
    await u.start();
    const data = randomBytes(4321);
    for (let off = 0; off < data.length; off += 250) u.write(data.subarray(off, off + 250));
    await waitFor('the full parts', () => parts.length >= 4, 5_000, 5);
    expect(parts).toEqual([1000, 1000, 1000, 1000]); // full parts went before finish
    const r = await u.finish(1000);
    expect(r).toEqual({ sizeBytes: 4321, parts: 5 });
    expect(parts.at(-1)).toBe(321);
    expect(s.objects.get('k/a')?.equals(data)).toBe(true);
    expect(existsSync(spool)).toBe(false); // spool removed once stored
  });

  it('retries through an S3 outage without losing bytes, reporting it once', async () => {
    const { store, s } = memoryStore();
    const problems: string[] = [];
    let recovered = 0;
    const u = new MultipartUploader(store, 'k/b', join(dir, 'b.ogg'), fast, {
      onProblem: (p) => problems.push(p),
      onRecovered: () => (recovered += 1),
    });
    await u.start();
    const data = randomBytes(3500);
    u.write(data.subarray(0, 1200));
    await waitFor('the first part', () => u.uploadedBytes === 1000, 5_000, 5);
    s.down = true;
    u.write(data.subarray(1200));
    await waitFor('the outage to be seen', () => problems.length > 0, 5_000, 5);
    await new Promise((r) => setTimeout(r, 50)); // retries go on, and fail, meanwhile
    expect(u.uploadedBytes).toBe(1000); // the rest waits in the spool
    s.down = false;
    const r = await u.finish(2000);
    expect(r.sizeBytes).toBe(3500);
    expect(s.objects.get('k/b')?.equals(data)).toBe(true);
    expect(problems).toEqual(['s3_unavailable']);
    expect(recovered).toBe(1);
  });

  it('detects a damaged part (checksum differs), uploads it again, and the object is exact', async () => {
    const { store, s } = memoryStore();
    const problems: string[] = [];
    const u = new MultipartUploader(store, 'k/c', join(dir, 'c.ogg'), fast, {
      onProblem: (p) => problems.push(p),
    });
    await u.start();
    s.corruptNext = 1;
    const data = randomBytes(2500);
    u.write(data);
    const r = await u.finish(2000);
    expect(r.sizeBytes).toBe(2500);
    expect(s.objects.get('k/c')?.equals(data)).toBe(true);
    expect(problems).toEqual(['corrupted_upload']);
    expect(s.calls.uploadPart).toBe(r.parts + 1); // one retry
  });

  it('refuses a stored object that differs from what was sent', async () => {
    const { store, s } = memoryStore();
    s.truncateOnComplete = true;
    const spool = join(dir, 'd.ogg');
    const u = new MultipartUploader(store, 'k/d', spool, fast);
    await u.start();
    u.write(randomBytes(1500));
    await expect(u.finish(500)).rejects.toBeInstanceOf(CorruptedUploadError);
    await u.release();
    expect(existsSync(spool)).toBe(true); // kept for the sweep
  });

  it('gives up after the deadline while S3 stays down, keeping the spool', async () => {
    const { store, s } = memoryStore();
    s.down = true;
    const spool = join(dir, 'e.ogg');
    const u = new MultipartUploader(store, 'k/e', spool, fast);
    await u.start();
    u.write(randomBytes(2200));
    const t0 = Date.now();
    const err = await u.finish(200).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UploadPendingError);
    expect((err as UploadPendingError).problem).toBe('s3_unavailable');
    expect(Date.now() - t0).toBeLessThan(1500);
    await u.release();
    expect(existsSync(spool)).toBe(true);
  });
});

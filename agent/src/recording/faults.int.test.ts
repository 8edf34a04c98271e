// The recorder against the real MinIO, through a TCP proxy a test can break: S3 down, a damaged
// part, a crashed job. The meeting row stays consistent, the failure is recorded, and nothing
// already stored (or spooled) is lost.
import { createLogger } from '@parley/services/log';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createMeeting,
  createUser,
  findMeetingById,
  findRecording,
  type Db,
  type Meeting,
} from '@parley/db';
import { createTestDatabase } from '@parley/db/testing';
import { Client } from 'minio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  devEnv,
  readPcm,
  speak,
  fixturesDir,
  startTcpProxy,
  type TcpProxy,
  waitFor,
} from '../testing/index.ts';
import { ffprobe } from './ffprobe.ts';
import { MeetingRecorder, spoolPathFor } from './recorder.ts';
import { createObjectStore, s3ConfigFrom, type ObjectStore } from '@parley/services/storage';
import { sweepRecordings } from './sweep.ts';
import { MIN_PART_BYTES, MultipartUploader, spoolSize } from './uploader.ts';

const env = devEnv();
const s3cfg = s3ConfigFrom({
  endpoint: env.S3_ENDPOINT,
  accessKey: env.S3_ACCESS_KEY,
  secretKey: env.S3_SECRET_KEY,
  bucket: env.S3_BUCKET,
  region: env.S3_REGION,
});
if (!s3cfg) throw new Error('S3_* missing from .data/dev.env');
const bucket = s3cfg.bucket;
const direct = new Client({
  endPoint: s3cfg.endPoint,
  port: s3cfg.port ?? 9000,
  useSSL: false,
  accessKey: s3cfg.accessKey,
  secretKey: s3cfg.secretKey,
  region: s3cfg.region,
});

let test: Awaited<ReturnType<typeof createTestDatabase>>;
let db: Db;
let proxy: TcpProxy;
let store: ObjectStore;
let spoolDir: string;
let speech: Int16Array;
const lines: string[] = [];
const log = createLogger({ write: (line) => lines.push(line) });

beforeAll(async () => {
  test = await createTestDatabase(env.DATABASE_URL ?? '');
  db = test.db;
  proxy = await startTcpProxy(s3cfg.port ?? 9000, s3cfg.endPoint);
  store = createObjectStore({ ...s3cfg, endPoint: '127.0.0.1', port: proxy.port });
  spoolDir = await mkdtemp(join(tmpdir(), 'parley-faults-'));
  speech = await readPcm(await speak('The budget review is on Friday.', 'slt', fixturesDir));
});

afterAll(async () => {
  await proxy.close();
  await test.drop();
  await rm(spoolDir, { recursive: true, force: true });
});

async function newMeeting(): Promise<Meeting> {
  const email = `o-${Date.now()}-${Math.random().toString(36).slice(2, 6)}@example.com`;
  const owner = await createUser(db, { email, name: 'Owner', passwordHash: 'x' });
  if (!owner) throw new Error('no owner');
  return createMeeting(db, { title: 'Faults', type: 'general', ownerId: owner.id });
}

/**
 * Records `seconds` of meeting on a simulated clock: one speaker says the sentence at 1 s, the
 * rest is silence. Returns the recorder, not yet stopped.
 */
async function record(
  meeting: Meeting,
  seconds: number,
  s: ObjectStore = store,
  finishTimeoutMs = 20_000,
): Promise<{ recorder: MeetingRecorder; clock: { t: number } }> {
  const clock = { t: Date.now() };
  const recorder = await MeetingRecorder.start(
    { db, store: s, meetingId: meeting.id, log, now: () => clock.t },
    { spoolDir, finishTimeoutMs, tickMs: 20 },
  );
  const frame = 512;
  const speakAt = 16_000;
  for (let pos = 0; pos < seconds * 16_000; pos += frame) {
    clock.t += 32;
    const chunk = new Int16Array(frame);
    if (pos >= speakAt) chunk.set(speech.subarray(pos - speakAt, pos - speakAt + frame));
    recorder.push('TR_ada', chunk);
    if (pos % (frame * 16) === 0) await new Promise((r) => setTimeout(r, 1));
  }
  return { recorder, clock };
}

async function probeObject(key: string): Promise<number> {
  const file = join(spoolDir, `probe-${Date.now()}.ogg`);
  await direct.fGetObject(bucket, key, file);
  return (await ffprobe(file)).durationMs;
}

describe('recorder faults (real MinIO behind a TCP proxy)', () => {
  it('S3 down when the meeting ends: marked failed, spool kept; the sweep stores it later', async () => {
    const meeting = await newMeeting();
    const { recorder } = await record(meeting, 6, store, 1_500);
    proxy.down();
    const failed = await recorder.stop();
    expect(failed?.status).toBe('failed');
    expect(failed?.error).toBe('s3_unavailable');
    expect(failed?.duration_ms).toBeGreaterThan(5_900);
    // The meeting row is untouched and the audio is still here.
    expect((await findMeetingById(db, meeting.id))?.status).toBe(meeting.status);
    const spool = spoolPathFor(spoolDir, recorder.recording.id);
    expect(existsSync(spool)).toBe(true);
    // While S3 stays down the sweep leaves it as it is.
    const pending = await sweepRecordings(db, store, log, {
      spoolDir,
      staleMs: 0,
      lostAfterMs: 3_600_000,
      bitrateKbps: 24,
      meetingId: meeting.id,
    });
    expect(pending.pending).toEqual([recorder.recording.id]);
    proxy.up();
    const swept = await sweepRecordings(db, store, log, {
      spoolDir,
      staleMs: 0,
      lostAfterMs: 3_600_000,
      bitrateKbps: 24,
      meetingId: meeting.id,
    });
    expect(swept.completed).toEqual([recorder.recording.id]);
    const row = await findRecording(db, recorder.recording.id);
    expect(row?.status).toBe('completed');
    expect(row?.error).toBeNull();
    expect(existsSync(spool)).toBe(false);
    const ms = await probeObject(row?.object_key ?? '');
    expect(Math.abs(ms - 6_000)).toBeLessThan(300);
  }, 60_000);

  it('a damaged part is refused by S3 (Content-MD5), sent again, and the recording completes', async () => {
    const meeting = await newMeeting();
    let damaged = 0;
    const flaky: ObjectStore = {
      ...store,
      uploadPart: (key, uploadId, part, body, md5) => {
        if (damaged === 0) {
          damaged += 1;
          const bad = Buffer.from(body);
          bad[100] = (bad[100] ?? 0) ^ 0xff; // as a bad network would
          return store.uploadPart(key, uploadId, part, bad, md5);
        }
        return store.uploadPart(key, uploadId, part, body, md5);
      },
    };
    const { recorder } = await record(meeting, 4, flaky);
    const row = await recorder.stop();
    expect(damaged).toBe(1);
    expect(row?.status).toBe('completed');
    const mine = lines.filter((l) => l.includes(row?.id ?? '?') && l.includes('problem'));
    expect(mine).toHaveLength(1);
    expect(mine[0]).toContain('"problem":"corrupted_upload"');
    const ms = await probeObject(row?.object_key ?? '');
    expect(Math.abs(ms - 4_000)).toBeLessThan(300);
  }, 60_000);

  it('a crashed job: the row goes stale and the sweep completes it from the spool', async () => {
    const meeting = await newMeeting();
    const { recorder } = await record(meeting, 5);
    // Let the ticks hand the audio to ffmpeg and ffmpeg write pages to the spool, then "crash".
    const spool = spoolPathFor(spoolDir, recorder.recording.id);
    await waitFor('ffmpeg to spool a few seconds', async () =>
      ((await spoolSize(spool)) ?? 0) > 2_000 ? true : null,
    );
    recorder.abandon();
    expect((await findRecording(db, recorder.recording.id))?.status).toBe('recording');
    const swept = await sweepRecordings(db, store, log, {
      spoolDir,
      staleMs: 0,
      lostAfterMs: 3_600_000,
      bitrateKbps: 24,
      meetingId: meeting.id,
    });
    expect(swept.completed).toEqual([recorder.recording.id]);
    const row = await findRecording(db, recorder.recording.id);
    expect(row?.status).toBe('completed');
    // What ffmpeg had written before the crash is playable (the last page may be cut).
    const ms = await probeObject(row?.object_key ?? '');
    expect(ms).toBeGreaterThan(1_000);
  }, 60_000);

  it('multipart through an outage: 5 MiB parts, S3 down mid-way, the object is byte-exact', async () => {
    const key = `tests/faults-${Date.now()}.bin`;
    const uploader = new MultipartUploader(store, key, join(spoolDir, 'big.bin'), {
      partBytes: MIN_PART_BYTES,
      retryBaseMs: 50,
      retryMaxMs: 200,
      contentType: 'application/octet-stream',
    });
    await uploader.start();
    const data = randomBytes(MIN_PART_BYTES * 2 + 12_345);
    uploader.write(data.subarray(0, MIN_PART_BYTES + 10));
    await new Promise((r) => setTimeout(r, 1_500));
    expect(uploader.uploadedBytes).toBe(MIN_PART_BYTES);
    proxy.down();
    uploader.write(data.subarray(MIN_PART_BYTES + 10));
    await new Promise((r) => setTimeout(r, 800));
    expect(uploader.uploadedBytes).toBe(MIN_PART_BYTES); // the second part waits in the spool
    proxy.up();
    const r = await uploader.finish(30_000);
    expect(r).toEqual({ sizeBytes: data.length, parts: 3 });
    const chunks: Buffer[] = [];
    for await (const c of await direct.getObject(bucket, key)) chunks.push(c as Buffer);
    const got = Buffer.concat(chunks);
    expect(createHash('md5').update(got).digest('hex')).toBe(
      createHash('md5').update(data).digest('hex'),
    );
    await direct.removeObject(bucket, key);
  }, 60_000);
});

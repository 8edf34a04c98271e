// Integration tests' recordings: a few seconds of Opus in Ogg (as the recorder makes it) stored
// in the dev MinIO with a completed recording row, the way a finished meeting leaves them.
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import {
  finishRecording,
  insertRecording,
  recordingObjectKey,
  type Db,
  type Recording,
} from '@parley/db';
import { Client as Minio } from 'minio';
import { devEnv } from './server.ts';

const run = promisify(execFile);
const s3url = new URL(devEnv.S3_ENDPOINT ?? 'http://127.0.0.1:59000');
const bucket = devEnv.S3_BUCKET ?? 'parley';
const minio = new Minio({
  endPoint: s3url.hostname,
  port: Number(s3url.port),
  useSSL: false,
  accessKey: devEnv.S3_ACCESS_KEY ?? '',
  secretKey: devEnv.S3_SECRET_KEY ?? '',
  region: devEnv.S3_REGION ?? 'us-east-1',
});

/** `seconds` of a tone as Opus in Ogg (ffmpeg). */
export async function oggTone(seconds = 3, hz = 440): Promise<Buffer> {
  const { stdout } = await run(
    'ffmpeg',
    [
      ...['-v', 'error', '-f', 'lavfi'],
      ...['-i', `sine=frequency=${hz}:duration=${seconds}:sample_rate=16000`],
      ...['-c:a', 'libopus', '-b:a', '24k', '-f', 'ogg', 'pipe:1'],
    ],
    { encoding: 'buffer' },
  );
  return stdout;
}

/** A completed recording of the meeting with `ogg` as its object in MinIO. */
export async function storeRecording(
  db: Db,
  meetingId: string,
  ogg: Buffer,
  opts: { durationMs?: number; startedAt?: Date } = {},
): Promise<Recording> {
  const id = randomUUID();
  const key = recordingObjectKey(meetingId, id);
  const durationMs = opts.durationMs ?? 3000;
  await minio.putObject(bucket, key, ogg, ogg.length, { 'Content-Type': 'audio/ogg' });
  await insertRecording(db, {
    id,
    meetingId,
    mode: 'agent',
    objectKey: key,
    ...(opts.startedAt ? { startedAt: opts.startedAt } : {}),
  });
  const r = await finishRecording(db, id, {
    status: 'completed',
    durationMs,
    sizeBytes: ogg.length,
  });
  if (!r) throw new Error('no recording');
  return r;
}

import type { Logger } from '@parley/services/log';
import { readFile, rm } from 'node:fs/promises';
import {
  finishRecording,
  orphanedRecordings,
  type Db,
  type Recording,
  type RecordingPart,
} from '@parley/db';
import { spoolPathFor } from './recorder.ts';
import type { ObjectStore } from '@parley/services/storage';
import { spoolSize } from './uploader.ts';
import { recordingReady } from './webhook-event.ts';

export interface SweepOptions {
  spoolDir: string;
  /** A `recording` row untouched this long belongs to a recorder that died. */
  staleMs: number;
  /**
   * Without the spool file on this host, wait this long after the row's last update before
   * completing with the stored parts (or giving up): the host that has the file goes first.
   */
  lostAfterMs: number;
  meetingId?: string;
  /** Bitrate, to estimate the duration of a recording cut short (kbit/s). */
  bitrateKbps: number;
}

export interface SweepResult {
  completed: string[];
  lost: string[];
  pending: string[];
}

/**
 * Completes agent recordings left behind: by a job that crashed (row still `recording`, not
 * touched for `staleMs`) or that could not store its audio (S3 down, corrupted upload). With the
 * spool file here the whole file is stored again (nothing lost); without it, after `lostAfterMs`,
 * the parts already in S3 are assembled (the unfinished last part is lost) or, with none, the
 * recording is marked failed (`lost`). Logs ids and counts only.
 */
export async function sweepRecordings(
  db: Db,
  store: ObjectStore,
  log: Logger,
  o: SweepOptions,
  now = Date.now(),
): Promise<SweepResult> {
  const result: SweepResult = { completed: [], lost: [], pending: [] };
  const rows = await orphanedRecordings(db, {
    staleMs: o.staleMs,
    ...(o.meetingId ? { meetingId: o.meetingId } : {}),
  });
  for (const row of rows) {
    try {
      const outcome = await sweepOne(db, store, row, o, now);
      result[outcome].push(row.id);
      if (outcome === 'completed') await recordingReady(db, row);
    } catch (err) {
      result.pending.push(row.id);
      log.warn({ recordingId: row.id, err: String(err) }, 'recording sweep failed; will retry');
    }
  }
  if (rows.length > 0) {
    log.info(
      {
        completed: result.completed,
        lost: result.lost,
        pending: result.pending.length,
      },
      'recordings swept',
    );
  }
  return result;
}

async function sweepOne(
  db: Db,
  store: ObjectStore,
  row: Recording,
  o: SweepOptions,
  now: number,
): Promise<keyof SweepResult> {
  const path = spoolPathFor(o.spoolDir, row.id);
  const size = await spoolSize(path);
  const estimate = (bytes: number) => Math.round((bytes * 8) / o.bitrateKbps);
  if (size !== null) {
    const body = await readFile(path);
    await store.putObject(row.object_key, body, row.content_type);
    if ((await store.statSize(row.object_key)) !== body.length) return 'pending';
    if (row.upload_id) await store.abortMultipart(row.object_key, row.upload_id).catch(() => {});
    await finishRecording(db, row.id, {
      status: 'completed',
      sizeBytes: body.length,
      durationMs: row.duration_ms ?? estimate(body.length),
      endedAt: row.ended_at ?? new Date(now),
    });
    await rm(path, { force: true });
    return 'completed';
  }
  if (now - row.updated_at.getTime() < o.lostAfterMs) return 'pending';
  const parts: RecordingPart[] = row.parts;
  if (row.upload_id && parts.length > 0) {
    await store.completeMultipart(
      row.object_key,
      row.upload_id,
      parts.map((p) => ({ part: p.part, etag: p.etag })),
    );
    const stored = await store.statSize(row.object_key);
    await finishRecording(db, row.id, {
      status: 'completed',
      sizeBytes: stored,
      durationMs: estimate(stored ?? 0),
      error: 'truncated',
      endedAt: row.ended_at ?? new Date(now),
    });
    return 'completed';
  }
  if (row.upload_id) await store.abortMultipart(row.object_key, row.upload_id).catch(() => {});
  await finishRecording(db, row.id, {
    status: 'failed',
    error: 'lost',
    endedAt: row.ended_at ?? new Date(now),
  });
  return 'lost';
}

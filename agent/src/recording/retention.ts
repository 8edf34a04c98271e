import type { Logger } from '@parley/services/log';
import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { expiredRecordings, expiredTranscriptMeetings, type Db } from '@parley/db';
import { MeetingEraser } from '@parley/services/erasure';
import type { VectorStore } from '@parley/services/indexing';
import type { ObjectStore } from '@parley/services/storage';

export interface RetentionResult {
  /** Ids of the recordings removed (objects and rows). */
  recordings: string[];
  /** Meetings whose transcript was removed, and how many segments. */
  transcriptMeetings: string[];
  segments: number;
}

/**
 * One retention pass, through the one way meeting data is deleted (`MeetingEraser`): finished
 * recordings older than their team's `recording_retention_days` (default 30) lose their object,
 * then their row (an object that cannot be deleted keeps its row for the next pass); transcripts
 * older than `transcript_retention_days` (default: kept) lose their vectors, then their segments.
 * Logs ids and counts, never content.
 */
export async function runRetention(
  db: Db,
  store: ObjectStore,
  log: Logger,
  opts: { now?: Date; vectors?: VectorStore | null } = {},
): Promise<RetentionResult> {
  const now = opts.now ?? new Date();
  const eraser = new MeetingEraser({ db, objects: store, vectors: opts.vectors ?? null });
  const expired = await expiredRecordings(db, { now });
  let removed: string[] = [];
  try {
    await eraser.eraseRecordings(expired);
    removed = expired.map((r) => r.id);
  } catch (err) {
    log.warn(
      { recordings: expired.map((r) => r.id), err: String(err) },
      'expired recordings not removed; next run retries',
    );
  }
  const meetings = await expiredTranscriptMeetings(db, { now });
  const segments = await eraser.eraseTranscripts(meetings);
  const result = { recordings: removed, transcriptMeetings: meetings.map((m) => m.id), segments };
  log.info(
    {
      recordings: result.recordings,
      recordingsRemoved: result.recordings.length,
      transcriptMeetings: result.transcriptMeetings,
      segmentsRemoved: result.segments,
    },
    'retention run',
  );
  return result;
}

export const RETENTION_QUEUE = 'parley-retention';

/**
 * Runs `task` every `everyMs` on one worker of the fleet: a BullMQ job scheduler in Redis (one
 * repeatable job, whichever worker process is free takes each run; a run that throws is logged
 * and the next one comes on schedule).
 */
export async function startRetentionScheduler(opts: {
  redisUrl: string;
  everyMs: number;
  task: () => Promise<unknown>;
  log: Logger;
  prefix?: string;
}): Promise<{ close: () => Promise<void> }> {
  const connection = new Redis(opts.redisUrl, { maxRetriesPerRequest: null });
  const prefix = opts.prefix ?? 'parley';
  const queue = new Queue(RETENTION_QUEUE, { connection, prefix });
  await queue.upsertJobScheduler(
    'retention',
    { every: opts.everyMs },
    { name: 'retention', opts: { removeOnComplete: 20, removeOnFail: 50 } },
  );
  const worker = new Worker(RETENTION_QUEUE, () => opts.task(), {
    connection: connection.duplicate(),
    prefix,
    concurrency: 1,
  });
  worker.on('failed', (job, err) =>
    opts.log.warn({ jobId: job?.id, err: String(err) }, 'retention run failed'),
  );
  worker.on('error', (err) => opts.log.warn({ err: String(err) }, 'retention worker error'));
  return {
    close: async () => {
      await worker.close();
      await queue.close();
      connection.disconnect();
    },
  };
}

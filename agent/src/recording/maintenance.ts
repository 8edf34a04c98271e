import { createHash } from 'node:crypto';
import { createDb } from '@parley/db';
import { createIndexing } from '@parley/services/indexing';
import { createLogger, type Logger } from '@parley/services/log';
import { createObjectStore } from '@parley/services/storage';
import type { WorkerConfig } from '../config.ts';
import { LOST_AFTER_MS, STALE_RECORDING_MS } from './job.ts';
import { runRetention, startRetentionScheduler } from './retention.ts';
import { sweepRecordings } from './sweep.ts';

/** The worker's main process has no job logger: its own, in the same line shape. */
const maintenanceLog: Logger = createLogger({ service: 'parley-agent' }).child({
  component: 'recording-maintenance',
});

/**
 * Starts the recording housekeeping of a worker fleet: every RETENTION_INTERVAL_MINUTES one
 * worker (a BullMQ job scheduler, queue prefixed per database so fleets on different databases
 * never mix) sweeps orphaned recordings and applies retention. Needs Redis and S3; null without.
 */
export async function startRecordingMaintenance(
  config: WorkerConfig,
  log: Logger = maintenanceLog,
): Promise<{ close: () => Promise<void> } | null> {
  const r = config.recording;
  if (!r.s3 || !config.redisUrl || r.retentionIntervalMinutes === 0) return null;
  const db = createDb({ url: config.databaseUrl, poolMax: 1 });
  const store = createObjectStore(r.s3);
  // Expired transcripts lose their vectors too (Pinecone keeps them otherwise).
  const vectors = createIndexing(config.indexing, db)?.store ?? null;
  const prefix = `parley-${createHash('sha256').update(config.databaseUrl).digest('hex').slice(0, 10)}`;
  const scheduler = await startRetentionScheduler({
    redisUrl: config.redisUrl,
    everyMs: r.retentionIntervalMinutes * 60_000,
    prefix,
    log,
    task: async () => {
      await sweepRecordings(db, store, log, {
        spoolDir: r.spoolDir,
        staleMs: STALE_RECORDING_MS,
        lostAfterMs: LOST_AFTER_MS,
        bitrateKbps: r.bitrateKbps,
      });
      return runRetention(db, store, log, { vectors });
    },
  });
  return {
    close: async () => {
      await scheduler.close();
      await db.destroy();
    },
  };
}

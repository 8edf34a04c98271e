import { availableParallelism } from 'node:os';
import { finishImport, findImport } from '@parley/db';
import { IMPORT_QUEUE, importJobSchema, type ImportJobData } from '@parley/protocol';
import { UnrecoverableError, Worker, type Job } from 'bullmq';
import { z } from 'zod';
import { silentLogger } from '@parley/services/log';
import { ImportFailure, runImport, type ImportJobDeps } from './job.ts';

/** The import worker's own settings (composed into the post-meeting workers' config). */
export const importEnvSchema = z.object({
  IMPORT_MAX_HOURS: z.coerce.number().positive().max(48).default(12),
  IMPORT_DECODERS: z.coerce.number().int().min(1).max(64).optional(),
  IMPORT_CONCURRENCY: z.coerce.number().int().min(1).max(16).default(1),
});

export interface ImportWorkerSettings {
  maxDurationMs: number;
  decoders: number;
  concurrency: number;
}

export function importSettingsFrom(e: z.output<typeof importEnvSchema>): ImportWorkerSettings {
  return {
    maxDurationMs: Math.round(e.IMPORT_MAX_HOURS * 3_600_000),
    decoders: e.IMPORT_DECODERS ?? availableParallelism(),
    concurrency: e.IMPORT_CONCURRENCY,
  };
}

/**
 * A BullMQ worker transcribing imported files. Bad input (ImportFailure) fails the import at
 * once with its code; other errors are retried with backoff and, on the last attempt, reported
 * as `transcription_failed`. A failure never takes the worker down.
 */
export function startImportWorker(
  deps: ImportJobDeps,
  o: { redisUrl: string; prefix: string; concurrency: number; lockDurationMs: number },
): Worker<ImportJobData> {
  const log = deps.log ?? silentLogger;
  const worker = new Worker<ImportJobData>(
    IMPORT_QUEUE,
    async (job: Job<ImportJobData>, _token, signal) => {
      const data = importJobSchema.safeParse(job.data);
      if (!data.success) throw new UnrecoverableError('malformed job data');
      const { meetingId } = data.data;
      try {
        const outcome = await runImport(deps, meetingId, signal);
        log.info({ meetingId, outcome }, 'import job');
        return outcome;
      } catch (err) {
        if (err instanceof ImportFailure) {
          await finishImport(deps.db, meetingId, err.code);
          log.warn({ meetingId, code: err.code }, 'import failed');
          throw new UnrecoverableError(err.code);
        }
        throw err;
      }
    },
    {
      connection: { url: o.redisUrl, maxRetriesPerRequest: null },
      prefix: o.prefix,
      concurrency: o.concurrency,
      lockDuration: o.lockDurationMs,
      maxStalledCount: 2,
    },
  );
  worker.on('failed', (job, err) => {
    if (!job || err instanceof UnrecoverableError) return;
    const data = importJobSchema.safeParse(job.data);
    if (!data.success) return;
    const final = job.attemptsMade >= (job.opts.attempts ?? 1);
    log.warn(
      { meetingId: data.data.meetingId, attempt: job.attemptsMade, final },
      'import attempt failed',
    );
    if (!final) return;
    void findImport(deps.db, data.data.meetingId)
      .then((i) =>
        i && i.status !== 'done'
          ? finishImport(deps.db, data.data.meetingId, 'transcription_failed')
          : undefined,
      )
      .catch(() => undefined);
  });
  worker.on('error', () => {
    log.warn({}, 'import worker error');
  });
  return worker;
}

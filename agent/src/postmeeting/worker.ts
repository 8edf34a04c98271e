import { markRunFailed } from '@parley/db';
import { UnrecoverableError, Worker, type Job } from 'bullmq';
import { z } from 'zod';
import { runPostmeeting } from './pipeline.ts';
import type { PipelineDeps } from './steps/types.ts';
import { POSTMEETING_QUEUE, type PostmeetingJobData } from '@parley/services/postmeeting';
import { silentLogger } from '@parley/services/log';

export interface PostmeetingWorkerOptions {
  redisUrl: string;
  prefix: string;
  /** Chains run at once by this worker. */
  concurrency: number;
  /** How long a job's lock lasts without renewal (ms); a dead worker's job is retaken after it. */
  lockDurationMs: number;
  /** How often stalled jobs (lock expired) are looked for (ms). */
  stalledIntervalMs: number;
}

export const defaultPostmeetingWorkerOptions: Omit<PostmeetingWorkerOptions, 'redisUrl'> = {
  prefix: 'parley',
  concurrency: 2,
  lockDurationMs: 30_000,
  stalledIntervalMs: 30_000,
};

const jobData = z.object({ meetingId: z.uuid(), run: z.number().int().min(1) });

/** Short, content-free description of a failure for the run record (shown to hosts). */
export function failureCode(err: unknown): string {
  if (err instanceof Error) {
    const code = (err as { code?: unknown }).code;
    return `${err.name}${typeof code === 'string' ? ` ${code}` : ''}: ${err.message}`.slice(0, 300);
  }
  return 'unknown error';
}

/**
 * A BullMQ worker running post-meeting chains. Retries follow the job's backoff; a job whose
 * worker died is taken up again once its lock expires (BullMQ stalled-job recovery), and the
 * chain resumes after its last finished step.
 */
export function startPostmeetingWorker(
  deps: PipelineDeps,
  options: Partial<PostmeetingWorkerOptions> & { redisUrl: string },
): Worker<PostmeetingJobData> {
  const o = { ...defaultPostmeetingWorkerOptions, ...options };
  const log = deps.log ?? silentLogger;
  const worker = new Worker<PostmeetingJobData>(
    POSTMEETING_QUEUE,
    async (job: Job<PostmeetingJobData>) => {
      const data = jobData.safeParse(job.data);
      if (!data.success) throw new UnrecoverableError('malformed job data');
      const outcome = await runPostmeeting(deps, data.data.meetingId, data.data.run);
      log.info({ meetingId: data.data.meetingId, run: data.data.run, outcome }, 'post-meeting job');
      return outcome;
    },
    {
      connection: { url: o.redisUrl, maxRetriesPerRequest: null },
      prefix: o.prefix,
      concurrency: o.concurrency,
      lockDuration: o.lockDurationMs,
      stalledInterval: o.stalledIntervalMs,
      maxStalledCount: 2,
    },
  );
  worker.on('failed', (job, err) => {
    if (!job) return;
    const data = jobData.safeParse(job.data);
    if (!data.success) return;
    const final = err instanceof UnrecoverableError || job.attemptsMade >= (job.opts.attempts ?? 1);
    log.warn(
      { meetingId: data.data.meetingId, run: data.data.run, attempt: job.attemptsMade, final },
      'post-meeting attempt failed',
    );
    void markRunFailed(deps.db, data.data.meetingId, data.data.run, failureCode(err), final).catch(
      () => undefined,
    );
  });
  worker.on('error', (err) => {
    log.warn({ err: failureCode(err) }, 'post-meeting worker error');
  });
  return worker;
}

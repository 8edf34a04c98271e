import { failPendingFollowups } from '@parley/db';
import { FOLLOWUP_QUEUE, type FollowupJobData } from '@parley/services/mail';
import { UnrecoverableError, Worker, type Job } from 'bullmq';
import { z } from 'zod';
import { silentLogger } from '@parley/services/log';
import { FollowupRetryError, sendFollowup, type FollowupDeps } from './send.ts';

const jobData = z.object({ meetingId: z.uuid(), round: z.number().int().min(1).optional() });

/**
 * A BullMQ worker sending follow-up emails. A pass that could not reach the SMTP server throws, so
 * the job waits (exponential backoff) and tries again; after its last try the recipients still
 * waiting are recorded as failed.
 */
export function startFollowupWorker(
  deps: FollowupDeps,
  o: { redisUrl: string; prefix: string; concurrency?: number },
): Worker<FollowupJobData> {
  const log = deps.log ?? silentLogger;
  const worker = new Worker<FollowupJobData>(
    FOLLOWUP_QUEUE,
    async (job: Job<FollowupJobData>) => {
      const data = jobData.safeParse(job.data);
      if (!data.success) throw new UnrecoverableError('malformed job data');
      const { meetingId, round } = data.data;
      const outcome = await sendFollowup(deps, meetingId, round);
      log.info({ meetingId, round: round ?? 1, outcome }, 'follow-up email job');
      return outcome;
    },
    {
      connection: { url: o.redisUrl, maxRetriesPerRequest: null },
      prefix: o.prefix,
      concurrency: o.concurrency ?? 2,
    },
  );
  worker.on('failed', (job, err) => {
    const data = job ? jobData.safeParse(job.data) : null;
    if (!job || !data?.success) return;
    const final = err instanceof UnrecoverableError || job.attemptsMade >= (job.opts.attempts ?? 1);
    log.warn(
      { meetingId: data.data.meetingId, attempt: job.attemptsMade, final },
      'follow-up email attempt failed',
    );
    if (!final) return;
    const code = err instanceof FollowupRetryError ? err.code : err.name;
    void failPendingFollowups(deps.db, data.data.meetingId, code).catch(() => undefined);
  });
  worker.on('error', (err) => log.warn({ err: err.name }, 'follow-up worker error'));
  return worker;
}

import { IMPORT_QUEUE, type ImportJobData } from '@parley/protocol';
import { Queue, type JobsOptions } from 'bullmq';

// The producer side of the import queue: the web app adds a job when a file is uploaded; the
// post-meeting workers (inside the agent or `pnpm agent jobs`) take it.

/** One job per meeting (BullMQ ignores a second add with the same id). */
export const importJobId = (meetingId: string) => `import-${meetingId}`;

export const defaultImportJobOptions: JobsOptions = {
  attempts: 3,
  backoff: { type: 'exponential', delay: 10_000 },
  removeOnComplete: { age: 7 * 24 * 3600, count: 10_000 },
  removeOnFail: { age: 30 * 24 * 3600 },
};

export type ImportQueue = Queue<ImportJobData>;

export function createImportQueue(o: {
  redisUrl: string;
  prefix: string;
  jobOptions?: JobsOptions;
}): ImportQueue {
  const q = new Queue<ImportJobData>(IMPORT_QUEUE, {
    connection: { url: o.redisUrl, maxRetriesPerRequest: 1, connectTimeout: 2_000 },
    prefix: o.prefix,
    defaultJobOptions: { ...defaultImportJobOptions, ...o.jobOptions },
  });
  q.on('error', () => {});
  return q;
}

export async function enqueueImport(queue: ImportQueue, meetingId: string): Promise<void> {
  await queue.add('import', { meetingId }, { jobId: importJobId(meetingId) });
}

import {
  createNextRun,
  ensureFirstRun,
  findRun,
  latestRun,
  markRunFailed,
  type Db,
} from '@parley/db';
import { Queue, type JobsOptions } from 'bullmq';

// The producer side of the post-meeting queue: the web app enqueues (room_finished, meeting end,
// re-run); the workers (inside the agent or `pnpm agent jobs`) take the jobs by this queue name.

export const POSTMEETING_QUEUE = 'postmeeting';

export interface PostmeetingJobData {
  meetingId: string;
  run: number;
}

/** One job per meeting and run: BullMQ ignores a second add with the same id. */
export function postmeetingJobId(meetingId: string, run: number): string {
  return `pm-${meetingId}-r${run}`;
}

export const defaultPostmeetingJobOptions: JobsOptions = {
  attempts: 5,
  backoff: { type: 'exponential', delay: 5_000 },
  removeOnComplete: { age: 7 * 24 * 3600, count: 10_000 },
  removeOnFail: { age: 30 * 24 * 3600 },
};

export interface PostmeetingQueueOptions {
  redisUrl: string;
  /** Redis key prefix of the queue (tests use their own). */
  prefix: string;
  jobOptions?: JobsOptions;
}

export type PostmeetingQueue = Queue<PostmeetingJobData>;

export function createPostmeetingQueue(o: PostmeetingQueueOptions): PostmeetingQueue {
  const q = new Queue<PostmeetingJobData>(POSTMEETING_QUEUE, {
    connection: { url: o.redisUrl, maxRetriesPerRequest: 1, connectTimeout: 2_000 },
    prefix: o.prefix,
    defaultJobOptions: { ...defaultPostmeetingJobOptions, ...o.jobOptions },
  });
  // Errors surface on `add`; a dropped connection reconnects by itself.
  q.on('error', () => {});
  return q;
}

export type PostmeetingTrigger = 'room_finished' | 'meeting_ended' | 'rerun';

/**
 * Asks for the meeting's post-meeting chain. Automatic triggers (room_finished, meeting end) may
 * both fire, and again on webhook replays: they create run 1 once and (re)add its job, which
 * BullMQ deduplicates by id. A re-run creates the next run. Returns the run number.
 */
export async function requestPostmeeting(
  db: Db,
  queue: PostmeetingQueue,
  meetingId: string,
  trigger: PostmeetingTrigger,
  requestedBy: string | null = null,
): Promise<number> {
  let run: number;
  if (trigger === 'rerun') {
    run = await createNextRun(db, meetingId, trigger, requestedBy);
  } else {
    run = (await ensureFirstRun(db, meetingId, trigger)) ?? 1;
    const existing = await findRun(db, meetingId, 1);
    // Already finished (or failed for good): nothing to add; a host can re-run.
    if (existing && (existing.status === 'done' || existing.status === 'failed')) return 1;
  }
  await queue.add('run', { meetingId, run }, { jobId: postmeetingJobId(meetingId, run) });
  return run;
}

/** The meeting's last run still has a job waiting or running in the queue. */
export class PostmeetingBusyError extends Error {
  override name = 'PostmeetingBusyError';
}

/** Job states in which a run is still going to happen (BullMQ's other states end it). */
const PENDING_STATES = new Set(['waiting', 'waiting-children', 'delayed', 'prioritized', 'active']);

/**
 * A host's re-run: refused with `PostmeetingBusyError` while the last run's job is still waiting
 * or running. A run marked queued or running whose job is gone (e.g. Redis was down when it was
 * queued) is closed as failed, then the next run is queued. Returns its number.
 */
export async function rerunPostmeeting(
  db: Db,
  queue: PostmeetingQueue,
  meetingId: string,
  requestedBy: string | null,
): Promise<number> {
  const last = await latestRun(db, meetingId);
  if (last && (last.status === 'queued' || last.status === 'running')) {
    const job = await queue.getJob(postmeetingJobId(meetingId, last.run));
    if (job && PENDING_STATES.has(await job.getState())) {
      throw new PostmeetingBusyError('the post-meeting steps are already running');
    }
    await markRunFailed(db, meetingId, last.run, 'the queued job was lost', true);
  }
  return requestPostmeeting(db, queue, meetingId, 'rerun', requestedBy);
}

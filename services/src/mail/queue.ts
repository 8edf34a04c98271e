import { Queue, type JobsOptions } from 'bullmq';

// The follow-up email queue: the post-meeting chain adds one job per meeting when it is done;
// the workers beside the post-meeting ones send it. SMTP down → the job waits and retries.

export const FOLLOWUP_QUEUE = 'followup-email';

export interface FollowupJobData {
  meetingId: string;
  /** The sending it is (`meetings.followup_round`); absent: the first, after the meeting. */
  round?: number;
}

/**
 * One job per meeting and round: a second add (a re-run of the chain, a second click) is ignored
 * while it is kept.
 */
export function followupJobId(meetingId: string, round = 1): string {
  return round === 1 ? `fu-${meetingId}` : `fu-${meetingId}-r${round}`;
}

export function followupJobOptions(attempts: number, backoffMs: number): JobsOptions {
  return {
    attempts,
    backoff: { type: 'exponential', delay: backoffMs },
    removeOnComplete: { age: 30 * 24 * 3600, count: 10_000 },
    removeOnFail: { age: 30 * 24 * 3600 },
  };
}

export type FollowupQueue = Queue<FollowupJobData>;

export function createFollowupQueue(o: {
  redisUrl: string;
  prefix: string;
  attempts: number;
  backoffMs: number;
}): FollowupQueue {
  const q = new Queue<FollowupJobData>(FOLLOWUP_QUEUE, {
    connection: { url: o.redisUrl, maxRetriesPerRequest: 1, connectTimeout: 2_000 },
    prefix: o.prefix,
    defaultJobOptions: followupJobOptions(o.attempts, o.backoffMs),
  });
  q.on('error', () => {});
  return q;
}

/** Queues the meeting's follow-up email (once per meeting and round). */
export async function requestFollowup(
  queue: FollowupQueue,
  meetingId: string,
  round = 1,
): Promise<void> {
  const data: FollowupJobData = round === 1 ? { meetingId } : { meetingId, round };
  await queue.add('send', data, { jobId: followupJobId(meetingId, round) });
}

import {
  findMeetingById,
  startFollowupRound,
  undoFollowupRound,
  type Db,
  type Meeting,
} from '@parley/db';
import { createFollowupQueue, requestFollowup, type FollowupQueue } from '@parley/services/mail';
import { config } from '../config.ts';
import { ApiError, reportError } from '../http/index.ts';
import { withTimeout } from '../timeout.ts';
import { followupStatusFor, resendRefusalText, type FollowupStatus } from './followup-status.ts';

// "Send again": a host sends the follow-up email once more (after correcting the summary). The
// round is started under the meeting's row lock, then its job queued; a queue that cannot take
// it takes the round back, so nothing claims an email is on its way when it is not.

let queue: FollowupQueue | undefined;

function followupQueue(): FollowupQueue {
  queue ??= createFollowupQueue({
    redisUrl: config().redisUrl,
    prefix: config().postmeetingQueuePrefix,
    ...config().followupJobs,
  });
  return queue;
}

/** How long queueing may take before the request gives up (Redis unreachable). */
const QUEUE_TIMEOUT_MS = 3_000;

export async function resendFollowupFor(db: Db, meeting: Meeting): Promise<FollowupStatus> {
  const start = await startFollowupRound(db, meeting.id);
  if (!start.ok) {
    if (start.refusal.reason === 'not_found') {
      throw new ApiError(404, 'not_found', 'Meeting not found.');
    }
    const { code, message } = resendRefusalText(start.refusal);
    const headers =
      start.refusal.reason === 'recent'
        ? { 'retry-after': String(Math.ceil(start.refusal.retryAfterMs / 1000)) }
        : undefined;
    throw new ApiError(409, code, message, { headers });
  }
  try {
    await withTimeout(
      requestFollowup(followupQueue(), meeting.id, start.round),
      QUEUE_TIMEOUT_MS,
      'follow-up enqueue',
    );
  } catch (err) {
    await undoFollowupRound(db, meeting.id, start);
    const ref = reportError(err, { method: 'POST', path: '/api/meetings/:id/followup' });
    throw new ApiError(
      503,
      'queue_unavailable',
      `The job queue is unavailable; try again shortly (reference ${ref}).`,
    );
  }
  return followupStatusFor(db, (await findMeetingById(db, meeting.id)) ?? meeting);
}

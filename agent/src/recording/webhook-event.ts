import type { Db, Recording } from '@parley/db';
import { emitWebhookEventSafely } from '@parley/services/webhooks';

/**
 * Reports a stored recording to the team's webhooks (`recording.ready`). Written to the outbox
 * only: the job process holds no queue, the webhook workers' sweep queues it within seconds.
 */
export function recordingReady(db: Db, r: Pick<Recording, 'id' | 'meeting_id'>): Promise<void> {
  return emitWebhookEventSafely(db, {
    type: 'recording.ready',
    meetingId: r.meeting_id,
    recordingId: r.id,
    key: `recording.ready:${r.id}`,
  });
}

import { randomUUID } from 'node:crypto';
import type { Db } from '@parley/db';
import {
  createWebhookQueue,
  emitWebhookEventSafely,
  type WebhookQueue,
} from '@parley/services/webhooks';
import { config } from '../config.ts';
import { log } from '../ops/log.ts';

// The web app's side of outgoing webhooks: the meeting events it sees (LiveKit's room events,
// "end meeting", the reconciler, egress recordings, summary and action item changes) go to the team's
// endpoints through the queue.

let queue: WebhookQueue | undefined;

export function webhookQueue(): WebhookQueue {
  const c = config();
  queue ??= createWebhookQueue({
    redisUrl: c.redisUrl,
    prefix: c.postmeetingQueuePrefix,
    attempts: c.webhooks.attempts,
    backoffMs: c.webhooks.backoffMs,
  });
  return queue;
}

/** Reports a meeting's start or end (once per meeting, whoever reports it). Never throws. */
export function meetingWebhookEvent(
  db: Db,
  type: 'meeting.started' | 'meeting.ended',
  meetingId: string,
): Promise<void> {
  return emitWebhookEventSafely(
    db,
    { type, meetingId, key: `${type}:${meetingId}` },
    { queue: webhookQueue(), log },
  );
}

/** Reports a stored recording (egress mode). Never throws. */
export function recordingWebhookEvent(
  db: Db,
  meetingId: string,
  recordingId: string,
): Promise<void> {
  return emitWebhookEventSafely(
    db,
    { type: 'recording.ready', meetingId, recordingId, key: `recording.ready:${recordingId}` },
    { queue: webhookQueue(), log },
  );
}

/** Reports a person's correction (or revert) of a meeting's summary, once per change. */
export function summaryUpdatedWebhookEvent(db: Db, meetingId: string): Promise<void> {
  return emitWebhookEventSafely(
    db,
    { type: 'summary.updated', meetingId, key: `summary.updated:${meetingId}:${randomUUID()}` },
    { queue: webhookQueue(), log },
  );
}

/**
 * Reports a person's change to an action item (`changes`: the fields given: text, owner, dueDate,
 * status, review), once per change. Never throws.
 */
export function actionItemUpdatedWebhookEvent(
  db: Db,
  meetingId: string,
  change: { id: string; changes: readonly string[]; by: string | null },
): Promise<void> {
  return emitWebhookEventSafely(
    db,
    {
      type: 'action_item.updated',
      meetingId,
      actionItem: change,
      key: `action_item.updated:${change.id}:${randomUUID()}`,
    },
    { queue: webhookQueue(), log },
  );
}

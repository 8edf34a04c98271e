import { randomUUID } from 'node:crypto';
import {
  findMeetingById,
  insertWebhookDeliveries,
  subscribedWebhookEndpoints,
  unmarkDeliveriesQueued,
  type Db,
} from '@parley/db';
import { silentLogger, type Logger } from '../log/index.ts';
import { WEBHOOK_PAYLOAD_VERSION, type WebhookEnvelope, type WebhookEventType } from './events.ts';
import { eventData, type EventContext } from './payloads.ts';
import { queueDeliveries, type WebhookQueue } from './queue.ts';

// The producer: web and agent call `emitWebhookEvent` where something happens. It writes one
// delivery per subscribed endpoint (the outbox) and, given a queue, adds their jobs at once;
// without one (or when Redis fails) the workers' sweep queues them within seconds. An event's
// `key` makes it happen once per endpoint however many processes report it.

export interface WebhookEvent extends EventContext {
  type: WebhookEventType;
  meetingId: string;
  /** Unique per occurrence (e.g. `summary.ready:<meeting>:r2`). */
  key: string;
  /** When it happened (default now). */
  at?: Date;
}

export interface EmitOptions {
  queue?: WebhookQueue | null;
  log?: Logger;
}

/** Records (and queues) the event for the meeting's team's endpoints; returns deliveries made. */
export async function emitWebhookEvent(
  db: Db,
  e: WebhookEvent,
  o: EmitOptions = {},
): Promise<number> {
  const meeting = await findMeetingById(db, e.meetingId);
  if (!meeting?.team_id) return 0;
  const endpoints = await subscribedWebhookEndpoints(db, meeting.team_id, e.type);
  if (endpoints.length === 0) return 0;
  const payload: WebhookEnvelope = {
    id: randomUUID(),
    type: e.type,
    version: WEBHOOK_PAYLOAD_VERSION,
    timestamp: (e.at ?? new Date()).toISOString(),
    data: await eventData(db, e.type, meeting, e),
  };
  const queue = o.queue ?? null;
  const ids = await insertWebhookDeliveries(
    db,
    endpoints.map((ep) => ({
      endpointId: ep.id,
      meetingId: meeting.id,
      eventKey: e.key,
      eventType: e.type,
      payload,
      queued: queue !== null,
    })),
  );
  if (queue && ids.length > 0) {
    try {
      await queueDeliveries(queue, ids);
    } catch (err) {
      (o.log ?? silentLogger).warn(
        { meetingId: meeting.id, type: e.type, deliveries: ids.length, err: String(err) },
        'webhook deliveries left for the sweep',
      );
      await unmarkDeliveriesQueued(db, ids);
    }
  }
  return ids.length;
}

/** `emitWebhookEvent` that never throws (an event must not fail what caused it). */
export async function emitWebhookEventSafely(
  db: Db,
  e: WebhookEvent,
  o: EmitOptions = {},
): Promise<void> {
  try {
    await emitWebhookEvent(db, e, o);
  } catch (err) {
    (o.log ?? silentLogger).warn(
      { meetingId: e.meetingId, type: e.type, err: String(err) },
      'webhook event not recorded',
    );
  }
}

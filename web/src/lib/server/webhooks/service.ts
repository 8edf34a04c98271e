import {
  createWebhookEndpoint,
  deleteWebhookEndpoint,
  findWebhookEndpoint,
  listWebhookDeliveries,
  listWebhookEndpoints,
  resetDeliveryForRedelivery,
  rotateWebhookSecret,
  unmarkDeliveriesQueued,
  updateWebhookEndpoint,
  type Db,
  type WebhookDelivery,
  type WebhookEndpoint,
} from '@parley/db';
import { OutboundError, checkOutboundUrl } from '@parley/services/outbound';
import {
  WEBHOOK_EVENTS,
  generateWebhookSecret,
  queueDeliveries,
  type WebhookEventType,
} from '@parley/services/webhooks';
import { config } from '../config.ts';
import { ApiError } from '../http/errors.ts';
import { webhookQueue } from './events.ts';
import type {
  CreateWebhookInput,
  UpdateWebhookInput,
  WebhookDeliveryView,
  WebhookEndpointView,
} from './schemas.ts';

// A team's webhook endpoints (owners and admins manage them; the routes authorize the team
// first, and every query here is scoped to it).

const iso = (d: Date | null) => d?.toISOString() ?? null;

export function endpointView(e: WebhookEndpoint): WebhookEndpointView {
  return {
    id: e.id,
    url: e.url,
    description: e.description,
    events: e.events.filter((t): t is WebhookEventType =>
      (WEBHOOK_EVENTS as readonly string[]).includes(t),
    ),
    enabled: e.enabled,
    disabledReason: e.disabled_reason,
    disabledAt: iso(e.disabled_at),
    failureStreak: e.failure_streak,
    previousSecretExpiresAt:
      e.previous_secret_expires_at && e.previous_secret_expires_at.getTime() > Date.now()
        ? e.previous_secret_expires_at.toISOString()
        : null,
    createdAt: e.created_at.toISOString(),
  };
}

export function deliveryView(d: WebhookDelivery): WebhookDeliveryView {
  return {
    id: d.id,
    eventType: d.event_type,
    meetingId: d.meeting_id,
    status: d.status,
    attempts: d.attempts,
    lastAttemptAt: iso(d.last_attempt_at),
    lastStatus: d.last_status,
    lastError: d.last_error,
    lastDurationMs: d.last_duration_ms,
    deliveredAt: iso(d.delivered_at),
    createdAt: d.created_at.toISOString(),
  };
}

/** Refuses a URL the delivery worker would refuse (422 naming `url`). */
async function checkUrl(raw: string): Promise<void> {
  try {
    await checkOutboundUrl(raw, config().outboundPolicy);
  } catch (err) {
    const code = err instanceof OutboundError ? err.code : 'invalid_url';
    const message =
      code === 'blocked_address'
        ? 'url points to a private, loopback or link-local address.'
        : code === 'dns_failed'
          ? 'url has a host name that does not resolve.'
          : 'url must be an http(s) URL without credentials.';
    throw new ApiError(422, 'validation_failed', message, { fields: { url: message } });
  }
}

export async function listEndpoints(db: Db, teamId: string): Promise<WebhookEndpointView[]> {
  return (await listWebhookEndpoints(db, teamId)).map(endpointView);
}

export async function getEndpoint(db: Db, teamId: string, id: string): Promise<WebhookEndpoint> {
  const e = /^[0-9a-f-]{36}$/i.test(id) ? await findWebhookEndpoint(db, teamId, id) : undefined;
  if (!e) throw new ApiError(404, 'not_found', 'Webhook endpoint not found.');
  return e;
}

/** Creates an endpoint; its secret is returned here and on rotation only. */
export async function createEndpoint(
  db: Db,
  teamId: string,
  userId: string,
  input: CreateWebhookInput,
): Promise<{ endpoint: WebhookEndpointView; secret: string }> {
  if ((await listWebhookEndpoints(db, teamId)).length >= 20) {
    throw new ApiError(409, 'limit_reached', 'A team has at most 20 webhook endpoints.');
  }
  await checkUrl(input.url);
  const secret = generateWebhookSecret();
  const e = await createWebhookEndpoint(db, { teamId, ...input, secret, createdBy: userId });
  return { endpoint: endpointView(e), secret };
}

export async function updateEndpoint(
  db: Db,
  teamId: string,
  id: string,
  input: UpdateWebhookInput,
): Promise<WebhookEndpointView> {
  await getEndpoint(db, teamId, id);
  if (input.url !== undefined) await checkUrl(input.url);
  const e = await updateWebhookEndpoint(db, teamId, id, input);
  if (!e) throw new ApiError(404, 'not_found', 'Webhook endpoint not found.');
  return endpointView(e);
}

export async function removeEndpoint(db: Db, teamId: string, id: string): Promise<void> {
  await getEndpoint(db, teamId, id);
  await deleteWebhookEndpoint(db, teamId, id);
}

/** A new secret; the old one keeps signing (a second signature) for the grace period. */
export async function rotateSecret(
  db: Db,
  teamId: string,
  id: string,
): Promise<{ endpoint: WebhookEndpointView; secret: string }> {
  await getEndpoint(db, teamId, id);
  const secret = generateWebhookSecret();
  const grace = new Date(Date.now() + config().webhooks.secretGraceHours * 3_600_000);
  const e = await rotateWebhookSecret(db, teamId, id, secret, grace);
  if (!e) throw new ApiError(404, 'not_found', 'Webhook endpoint not found.');
  return { endpoint: endpointView(e), secret };
}

export async function listDeliveries(
  db: Db,
  teamId: string,
  endpointId: string,
  limit: number,
): Promise<WebhookDeliveryView[]> {
  await getEndpoint(db, teamId, endpointId);
  return (await listWebhookDeliveries(db, endpointId, { limit })).map(deliveryView);
}

/** States in which a delivery's job is still going to run. */
const LIVE_JOB = new Set(['waiting', 'delayed', 'prioritized', 'active', 'waiting-children']);

/**
 * Sends a delivery again (same message id, a fresh timestamp and signature): refused while its
 * job is still waiting or running (409), and for a disabled endpoint (409).
 */
export async function redeliver(
  db: Db,
  teamId: string,
  endpointId: string,
  deliveryId: string,
): Promise<WebhookDeliveryView> {
  const endpoint = await getEndpoint(db, teamId, endpointId);
  if (!endpoint.enabled) {
    throw new ApiError(409, 'endpoint_disabled', 'Enable the endpoint before redelivering.');
  }
  if (!/^[0-9a-f-]{36}$/i.test(deliveryId)) {
    throw new ApiError(404, 'not_found', 'Delivery not found.');
  }
  const queue = webhookQueue();
  const job = await queue.getJob(deliveryId);
  if (job && LIVE_JOB.has(await job.getState())) {
    throw new ApiError(409, 'delivery_in_progress', 'This delivery is still being attempted.');
  }
  const d = await resetDeliveryForRedelivery(db, endpointId, deliveryId);
  if (!d) throw new ApiError(404, 'not_found', 'Delivery not found.');
  try {
    await job?.remove();
    await queueDeliveries(queue, [d.id]);
  } catch {
    // The workers' sweep queues it within seconds.
    await unmarkDeliveriesQueued(db, [d.id]);
  }
  return deliveryView(d);
}

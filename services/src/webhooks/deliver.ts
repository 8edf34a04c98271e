import { findDeliveryToSend, recordDeliveryAttempt, skipDelivery, type Db } from '@parley/db';
import { OutboundError, outboundRequest, type OutboundPolicy } from '../outbound/index.ts';
import { silentLogger, type Logger } from '../log/index.ts';
import { webhookHeaders } from './signing.ts';
import type { EndpointSlots } from './slots.ts';

// One attempt at one delivery: sign the stored body with the endpoint's valid secrets, POST it
// through the SSRF guard within the timeout, and record the outcome on the delivery (and the
// endpoint's failure streak).

export interface DeliverOptions {
  policy: OutboundPolicy;
  timeoutMs: number;
  /** Final failures in a row that turn an endpoint off. */
  disableAfter: number;
  log?: Logger;
  now?: () => number;
  /** A cap on deliveries at once per endpoint; `holder` names this attempt's slot. */
  slots?: { limit: EndpointSlots; holder: string };
}

/** `busy`: the endpoint's slots were all taken; nothing was sent or recorded. */
export type DeliverOutcome = 'delivered' | 'retry' | 'failed' | 'skipped' | 'busy';

/** Short code of a failed attempt (kept on the delivery, shown in the log). */
function errorCode(err: unknown): { code: string; permanent: boolean } {
  if (err instanceof OutboundError) return { code: err.code, permanent: err.permanent };
  return { code: 'error', permanent: false };
}

export async function deliverOnce(
  db: Db,
  deliveryId: string,
  attempt: { number: number; max: number },
  o: DeliverOptions,
): Promise<DeliverOutcome> {
  const found = await findDeliveryToSend(db, deliveryId);
  // Gone (endpoint or meeting deleted), or already settled (e.g. a duplicate job): nothing to send.
  if (!found || found.delivery.status !== 'pending') return 'skipped';
  const { endpoint } = found;
  if (!endpoint.enabled) {
    await skipDelivery(db, deliveryId, 'endpoint_disabled');
    return 'skipped';
  }
  const slots = o.slots;
  if (slots && !(await slots.limit.acquire(endpoint.id, slots.holder))) return 'busy';
  try {
    return await send(db, found, attempt, o);
  } finally {
    await slots?.limit.release(endpoint.id, slots.holder);
  }
}

/** Signs, sends and records one attempt. */
async function send(
  db: Db,
  { delivery, endpoint }: NonNullable<Awaited<ReturnType<typeof findDeliveryToSend>>>,
  attempt: { number: number; max: number },
  o: DeliverOptions,
): Promise<DeliverOutcome> {
  const log = o.log ?? silentLogger;
  const deliveryId = delivery.id;
  const now = o.now?.() ?? Date.now();
  const secrets = [endpoint.secret];
  if (endpoint.previous_secret && (endpoint.previous_secret_expires_at?.getTime() ?? 0) > now) {
    secrets.push(endpoint.previous_secret);
  }
  const body = JSON.stringify(delivery.payload);
  const t0 = performance.now();
  let status: number | null = null;
  let error: string | null = null;
  let permanent = false;
  try {
    const res = await outboundRequest(endpoint.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...webhookHeaders(secrets, delivery.id, Math.floor(now / 1000), body),
      },
      body,
      timeoutMs: o.timeoutMs,
      maxRedirects: 3,
      maxResponseBytes: 16 * 1024,
      truncateResponse: true,
      policy: o.policy,
    });
    status = res.status;
    if (status < 200 || status > 299) error = `http_${status}`;
  } catch (err) {
    ({ code: error, permanent } = errorCode(err));
  }
  const ok = error === null;
  const final = ok || permanent || attempt.number >= attempt.max;
  const durationMs = Math.round(performance.now() - t0);
  const { disabled } = await recordDeliveryAttempt(
    db,
    deliveryId,
    { ok, status, error, durationMs, final },
    o.disableAfter,
  );
  const ids = { deliveryId, endpointId: endpoint.id, teamId: endpoint.team_id };
  if (!ok) {
    log.warn(
      { ...ids, attempt: attempt.number, error, final, durationMs },
      'webhook attempt failed',
    );
  }
  if (disabled) log.warn({ ...ids, reason: 'failing' }, 'webhook endpoint disabled');
  return ok ? 'delivered' : final ? 'failed' : 'retry';
}

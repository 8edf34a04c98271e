import { sql } from 'kysely';
import type { Db } from '../client.ts';
import type { WebhookDelivery, WebhookEndpoint } from '../schema-integrations.ts';

// Outgoing webhooks: a team's endpoints, and deliveries (one per event and endpoint). Every
// endpoint query takes the team id, so a caller scoped to one team never reaches another's.

export interface NewWebhookEndpoint {
  teamId: string;
  url: string;
  description: string;
  events: string[];
  secret: string;
  createdBy: string | null;
}

export async function createWebhookEndpoint(
  db: Db,
  e: NewWebhookEndpoint,
): Promise<WebhookEndpoint> {
  return db
    .insertInto('webhook_endpoints')
    .values({
      team_id: e.teamId,
      url: e.url,
      description: e.description,
      events: e.events,
      secret: e.secret,
      created_by: e.createdBy,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function listWebhookEndpoints(db: Db, teamId: string): Promise<WebhookEndpoint[]> {
  return db
    .selectFrom('webhook_endpoints')
    .selectAll()
    .where('team_id', '=', teamId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

export async function findWebhookEndpoint(
  db: Db,
  teamId: string,
  id: string,
): Promise<WebhookEndpoint | undefined> {
  return db
    .selectFrom('webhook_endpoints')
    .selectAll()
    .where('team_id', '=', teamId)
    .where('id', '=', id)
    .executeTakeFirst();
}

export interface WebhookEndpointPatch {
  url?: string;
  description?: string;
  events?: string[];
  /** true re-enables (and forgets the failure streak); false disables by hand. */
  enabled?: boolean;
}

export async function updateWebhookEndpoint(
  db: Db,
  teamId: string,
  id: string,
  p: WebhookEndpointPatch,
): Promise<WebhookEndpoint | undefined> {
  return db
    .updateTable('webhook_endpoints')
    .set({
      ...(p.url !== undefined ? { url: p.url } : {}),
      ...(p.description !== undefined ? { description: p.description } : {}),
      ...(p.events !== undefined ? { events: p.events } : {}),
      ...(p.enabled === true
        ? { enabled: true, disabled_reason: null, disabled_at: null, failure_streak: 0 }
        : {}),
      ...(p.enabled === false
        ? { enabled: false, disabled_reason: 'manual', disabled_at: new Date() }
        : {}),
      updated_at: new Date(),
    })
    .where('team_id', '=', teamId)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
}

/** New secret; the current one stays valid (both signatures are sent) until `graceUntil`. */
export async function rotateWebhookSecret(
  db: Db,
  teamId: string,
  id: string,
  secret: string,
  graceUntil: Date,
): Promise<WebhookEndpoint | undefined> {
  return db
    .updateTable('webhook_endpoints')
    .set((eb) => ({
      previous_secret: eb.ref('secret'),
      previous_secret_expires_at: graceUntil,
      secret,
      updated_at: new Date(),
    }))
    .where('team_id', '=', teamId)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
}

export async function deleteWebhookEndpoint(db: Db, teamId: string, id: string): Promise<boolean> {
  const r = await db
    .deleteFrom('webhook_endpoints')
    .where('team_id', '=', teamId)
    .where('id', '=', id)
    .executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

/** Enabled endpoints of the team that take this event type. */
export async function subscribedWebhookEndpoints(
  db: Db,
  teamId: string,
  eventType: string,
): Promise<Pick<WebhookEndpoint, 'id'>[]> {
  return db
    .selectFrom('webhook_endpoints')
    .select('id')
    .where('team_id', '=', teamId)
    .where('enabled', '=', true)
    .where(sql<boolean>`events @> array[${eventType}]::text[]`)
    .execute();
}

export interface NewWebhookDelivery {
  endpointId: string;
  meetingId: string | null;
  eventKey: string;
  eventType: string;
  payload: unknown;
  /** Set when the producer puts the job in the queue itself. */
  queued: boolean;
}

/** Inserts deliveries; an event already delivered to an endpoint (same key) is skipped. */
export async function insertWebhookDeliveries(
  db: Db,
  rows: NewWebhookDelivery[],
): Promise<string[]> {
  if (rows.length === 0) return [];
  const now = new Date();
  const inserted = await db
    .insertInto('webhook_deliveries')
    .values(
      rows.map((r) => ({
        endpoint_id: r.endpointId,
        meeting_id: r.meetingId,
        event_key: r.eventKey,
        event_type: r.eventType,
        payload: JSON.stringify(r.payload),
        queued_at: r.queued ? now : null,
      })),
    )
    .onConflict((oc) => oc.columns(['endpoint_id', 'event_key']).doNothing())
    .returning('id')
    .execute();
  return inserted.map((r) => r.id);
}

/** A delivery with what sending it needs from its endpoint. */
export interface DeliveryToSend {
  delivery: WebhookDelivery;
  endpoint: Pick<
    WebhookEndpoint,
    | 'id'
    | 'team_id'
    | 'url'
    | 'enabled'
    | 'secret'
    | 'previous_secret'
    | 'previous_secret_expires_at'
  >;
}

export async function findDeliveryToSend(
  db: Db,
  deliveryId: string,
): Promise<DeliveryToSend | undefined> {
  const row = await db
    .selectFrom('webhook_deliveries as d')
    .innerJoin('webhook_endpoints as e', 'e.id', 'd.endpoint_id')
    .selectAll('d')
    .select([
      'e.team_id',
      'e.url',
      'e.enabled',
      'e.secret',
      'e.previous_secret',
      'e.previous_secret_expires_at',
    ])
    .where('d.id', '=', deliveryId)
    .executeTakeFirst();
  if (!row) return undefined;
  const { team_id, url, enabled, secret, previous_secret, previous_secret_expires_at, ...d } = row;
  return {
    delivery: d,
    endpoint: {
      id: d.endpoint_id,
      team_id,
      url,
      enabled,
      secret,
      previous_secret,
      previous_secret_expires_at,
    },
  };
}

export interface DeliveryAttempt {
  ok: boolean;
  status: number | null;
  error: string | null;
  durationMs: number;
  /** No attempt follows (the last one, or an error no retry can mend). */
  final: boolean;
}

/**
 * Records one attempt. A success resets the endpoint's failure streak; a final failure adds to
 * it, and at `disableAfter` in a row the endpoint is turned off (`failing`). Returns whether this
 * attempt turned it off.
 */
export async function recordDeliveryAttempt(
  db: Db,
  deliveryId: string,
  a: DeliveryAttempt,
  disableAfter: number,
): Promise<{ disabled: boolean }> {
  return db.transaction().execute(async (trx) => {
    const status = a.ok ? 'delivered' : a.final ? 'failed' : 'pending';
    const d = await trx
      .updateTable('webhook_deliveries')
      .set((eb) => ({
        status,
        attempts: eb('attempts', '+', 1),
        last_attempt_at: new Date(),
        last_status: a.status,
        last_error: a.error,
        last_duration_ms: a.durationMs,
        ...(a.ok ? { delivered_at: new Date() } : {}),
      }))
      .where('id', '=', deliveryId)
      .returning('endpoint_id')
      .executeTakeFirst();
    if (!d) return { disabled: false };
    if (a.ok) {
      await trx
        .updateTable('webhook_endpoints')
        .set({ failure_streak: 0 })
        .where('id', '=', d.endpoint_id)
        .where('failure_streak', '!=', 0)
        .execute();
      return { disabled: false };
    }
    if (!a.final) return { disabled: false };
    const e = await trx
      .updateTable('webhook_endpoints')
      .set((eb) => ({ failure_streak: eb('failure_streak', '+', 1) }))
      .where('id', '=', d.endpoint_id)
      .returning(['failure_streak', 'enabled'])
      .executeTakeFirst();
    if (!e || !e.enabled || e.failure_streak < disableAfter) return { disabled: false };
    await trx
      .updateTable('webhook_endpoints')
      .set({ enabled: false, disabled_reason: 'failing', disabled_at: new Date() })
      .where('id', '=', d.endpoint_id)
      .execute();
    return { disabled: true };
  });
}

/** Closes a delivery without an attempt (its endpoint was turned off). */
export async function skipDelivery(db: Db, deliveryId: string, error: string): Promise<void> {
  await db
    .updateTable('webhook_deliveries')
    .set({ status: 'failed', last_error: error })
    .where('id', '=', deliveryId)
    .where('status', '=', 'pending')
    .execute();
}

/** The endpoint's deliveries, newest first (the delivery log); `before` pages back. */
export async function listWebhookDeliveries(
  db: Db,
  endpointId: string,
  opts: { limit?: number; before?: { createdAt: Date; id: string } | null } = {},
): Promise<WebhookDelivery[]> {
  const limit = Math.min(Math.max(opts.limit ?? 50, 1), 200);
  let q = db
    .selectFrom('webhook_deliveries')
    .selectAll()
    .where('endpoint_id', '=', endpointId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit);
  const b = opts.before;
  if (b) {
    q = q.where((eb) =>
      eb.or([
        eb('created_at', '<', b.createdAt),
        eb.and([eb('created_at', '=', b.createdAt), eb('id', '<', b.id)]),
      ]),
    );
  }
  return q.execute();
}

/** Puts a delivery of this endpoint back to pending for a redelivery; false when unknown. */
export async function resetDeliveryForRedelivery(
  db: Db,
  endpointId: string,
  deliveryId: string,
): Promise<WebhookDelivery | undefined> {
  return db
    .updateTable('webhook_deliveries')
    .set({ status: 'pending', queued_at: new Date(), last_error: null })
    .where('endpoint_id', '=', endpointId)
    .where('id', '=', deliveryId)
    .returningAll()
    .executeTakeFirst();
}

/**
 * Claims pending deliveries for the queue: those never queued, and those queued before
 * `staleBefore` (their job may be lost). Marks them queued now; concurrent dispatchers skip
 * each other's rows.
 */
export async function claimDeliveriesToQueue(
  db: Db,
  staleBefore: Date,
  limit: number,
): Promise<{ id: string; attempts: number }[]> {
  return db
    .updateTable('webhook_deliveries')
    .set({ queued_at: new Date() })
    .where('id', 'in', (eb) =>
      eb
        .selectFrom('webhook_deliveries')
        .select('id')
        .where('status', '=', 'pending')
        .where((w) => w.or([w('queued_at', 'is', null), w('queued_at', '<', staleBefore)]))
        .orderBy('created_at')
        .limit(limit)
        .forUpdate()
        .skipLocked(),
    )
    .returning(['id', 'attempts'])
    .execute();
}

/** Forgets that deliveries were queued (their add failed): the next sweep takes them. */
export async function unmarkDeliveriesQueued(db: Db, ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  await db
    .updateTable('webhook_deliveries')
    .set({ queued_at: null })
    .where('id', 'in', ids)
    .where('status', '=', 'pending')
    .execute();
}

import type { ColumnType, Generated, Selectable } from 'kysely';

// Tables of integrations: outgoing webhooks (a team's endpoints and their deliveries) and
// calendars. Kept beside schema.ts, which lists them in `Database`.

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type CreatedAt = ColumnType<Date, Date | string | undefined, never>;

export const WEBHOOK_DELIVERY_STATUSES = ['pending', 'delivered', 'failed'] as const;
export type WebhookDeliveryStatus = (typeof WEBHOOK_DELIVERY_STATUSES)[number];

export interface WebhookEndpointsTable {
  id: Generated<string>;
  team_id: string;
  url: string;
  description: Generated<string>;
  /** Event types sent to this endpoint (non-empty). */
  events: string[];
  /** Current signing secret (`whsec_` + base64). */
  secret: string;
  /** The secret before the last rotation, still signed with until it expires. */
  previous_secret: string | null;
  previous_secret_expires_at: Timestamp | null;
  enabled: Generated<boolean>;
  /** `failing` (turned off after repeated failures) or `manual`. */
  disabled_reason: string | null;
  disabled_at: Timestamp | null;
  /** Deliveries that failed for good in a row (reset by a success). */
  failure_streak: Generated<number>;
  created_by: string | null;
  created_at: CreatedAt;
  updated_at: Generated<Date>;
}

export interface WebhookDeliveriesTable {
  /** The message id (`webhook-id`): the same on every attempt and redelivery. */
  id: Generated<string>;
  endpoint_id: string;
  meeting_id: string | null;
  /** What makes an event unique (`meeting.ended:<meeting>:<time>`): one delivery per endpoint. */
  event_key: string;
  event_type: string;
  /** The JSON body sent, fixed when the event happened. */
  payload: ColumnType<unknown, string, string>;
  status: Generated<WebhookDeliveryStatus>;
  attempts: Generated<number>;
  /** When the job was put in the queue (null: the dispatcher's sweep will). */
  queued_at: Timestamp | null;
  last_attempt_at: Timestamp | null;
  last_status: number | null;
  /** A short code (`timeout`, `http_500`, `blocked_address`…), never response text. */
  last_error: string | null;
  last_duration_ms: number | null;
  delivered_at: Timestamp | null;
  created_at: CreatedAt;
}

export type WebhookEndpoint = Selectable<WebhookEndpointsTable>;
export type WebhookDelivery = Selectable<WebhookDeliveriesTable>;

export interface CalendarSubscriptionsTable {
  id: Generated<string>;
  user_id: string;
  /** Meetings from this feed belong to this team (null: the user's own). */
  team_id: string | null;
  url: string;
  last_polled_at: Timestamp | null;
  /** A short code of the last failed poll (`timeout`, `http_404`, `invalid_ics`…). */
  last_error: string | null;
  created_at: CreatedAt;
}

export interface CalendarEventsTable {
  user_id: string;
  /** `file` for imported files, else the subscription id. */
  source: string;
  /** UID, plus the occurrence start for a recurring event. */
  event_key: string;
  meeting_id: string;
  sequence: Generated<number>;
  updated_at: Generated<Date>;
  /** The event is a Parley invite re-imported: it points at an existing meeting it never deletes. */
  attached: Generated<boolean>;
}

export interface MeetingInviteesTable {
  meeting_id: string;
  /** Lower-cased. */
  email: string;
  /** The member the address belongs to, when they may see the meeting; null: external. */
  user_id: string | null;
  organizer: Generated<boolean>;
  created_at: CreatedAt;
}

export type CalendarSubscription = Selectable<CalendarSubscriptionsTable>;
export type CalendarEvent = Selectable<CalendarEventsTable>;
export type MeetingInvitee = Selectable<MeetingInviteesTable>;

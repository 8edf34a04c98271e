/**
 * Integrations: outgoing webhooks (the events, the versioned body every delivery carries, and
 * endpoints and deliveries as the API returns them) and calendar subscriptions.
 */
import { z } from 'zod';

const iso = z.iso.datetime();

export const WEBHOOK_EVENTS = [
  'meeting.started',
  'meeting.ended',
  'transcript.ready',
  'summary.ready',
  'summary.updated',
  'action_items.ready',
  'action_item.updated',
  'recording.ready',
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENTS)[number];

/** Version of the delivery body below; a breaking change adds a new version. */
export const WEBHOOK_PAYLOAD_VERSION = 1;

/** The JSON body of every webhook delivery (signed with Standard Webhooks headers). */
export const webhookEnvelopeSchema = z.object({
  /** The event's id: the same for every endpoint that receives it. */
  id: z.uuid(),
  type: z.enum(WEBHOOK_EVENTS),
  version: z.literal(WEBHOOK_PAYLOAD_VERSION),
  /** When the event happened. */
  timestamp: iso,
  data: z.record(z.string(), z.unknown()),
});
export type WebhookEnvelope = z.output<typeof webhookEnvelopeSchema>;

/** `data.meeting` of every event. */
export const webhookMeetingSchema = z.object({
  id: z.uuid(),
  title: z.string(),
  type: z.string(),
  teamId: z.uuid().nullable(),
  subject: z.string().nullable(),
  status: z.string(),
  scheduledAt: iso.nullable(),
  startedAt: iso.nullable(),
  endedAt: iso.nullable(),
});
export type WebhookMeetingData = z.output<typeof webhookMeetingSchema>;

export const apiWebhookEndpointSchema = z.object({
  id: z.uuid(),
  url: z.string(),
  description: z.string(),
  events: z.array(z.enum(WEBHOOK_EVENTS)),
  enabled: z.boolean(),
  /** `failing`: turned off after repeated failures; `manual`. */
  disabledReason: z.string().nullable(),
  disabledAt: iso.nullable(),
  failureStreak: z.number().int(),
  /** Until when the rotated-out secret still signs (both signatures are sent). */
  previousSecretExpiresAt: iso.nullable(),
  createdAt: iso,
});
export type ApiWebhookEndpoint = z.output<typeof apiWebhookEndpointSchema>;

export const apiWebhookDeliverySchema = z.object({
  /** The message id (`webhook-id`), the same on every attempt and redelivery. */
  id: z.uuid(),
  eventType: z.string(),
  meetingId: z.uuid().nullable(),
  status: z.enum(['pending', 'delivered', 'failed']),
  attempts: z.number().int(),
  lastAttemptAt: iso.nullable(),
  lastStatus: z.number().int().nullable(),
  /** A short code (`timeout`, `http_500`, `blocked_address`…). */
  lastError: z.string().nullable(),
  lastDurationMs: z.number().int().nullable(),
  deliveredAt: iso.nullable(),
  createdAt: iso,
});
export type ApiWebhookDelivery = z.output<typeof apiWebhookDeliverySchema>;

export const apiCalendarSubscriptionSchema = z.object({
  id: z.uuid(),
  url: z.string(),
  teamId: z.uuid().nullable(),
  lastPolledAt: iso.nullable(),
  /** A short code of the last failed sync (`timeout`, `http_404`, `invalid_ics`…). */
  lastError: z.string().nullable(),
});
export type ApiCalendarSubscription = z.output<typeof apiCalendarSubscriptionSchema>;

/** What an .ics import did. */
export const apiCalendarImportSchema = z.object({
  created: z.number().int(),
  updated: z.number().int(),
  cancelled: z.number().int(),
  unchanged: z.number().int(),
  /** Events that were Parley invites of meetings the caller may edit: attached, not copied. */
  attached: z.number().int(),
  /** Content-free notes (`recurrence_too_long:<uid>`, `no_start:<uid>`…). */
  problems: z.array(z.string()),
});
export type ApiCalendarImport = z.output<typeof apiCalendarImportSchema>;

/** Who a meeting's calendar event invited, and the event's own link. */
export const apiMeetingInvitationSchema = z.object({
  /** The calendar event's link (http/https only), null when none. */
  eventUrl: z.string().nullable(),
  invitees: z.array(
    z.object({
      email: z.string(),
      organizer: z.boolean(),
      /** The member this address belongs to (null: an external email). */
      userId: z.uuid().nullable(),
      name: z.string().nullable(),
    }),
  ),
});
export type ApiMeetingInvitation = z.output<typeof apiMeetingInvitationSchema>;

/** Emailing a meeting's invite: the addresses (default: its invitees), at most 50. */
export const MAX_INVITE_RECIPIENTS = 50;
export const inviteEmailRequestSchema = z.object({
  to: z
    .array(z.email({ error: 'Each recipient must be an email address.' }).max(254))
    .max(MAX_INVITE_RECIPIENTS, { error: `At most ${MAX_INVITE_RECIPIENTS} recipients.` })
    .optional(),
});
export type InviteEmailRequest = z.output<typeof inviteEmailRequestSchema>;

/** What emailing an invite did: who it was sent to, and addresses the server refused. */
export const apiInviteEmailResultSchema = z.object({
  sent: z.array(z.string()),
  rejected: z.array(z.string()),
});
export type ApiInviteEmailResult = z.output<typeof apiInviteEmailResultSchema>;

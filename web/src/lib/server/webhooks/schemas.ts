import { WEBHOOK_EVENTS } from '@parley/services/webhooks';
import { z } from 'zod';

const url = z
  .string({ error: 'url is required.' })
  .trim()
  .min(8, 'url must be an http(s) URL.')
  .max(2048, 'url must be at most 2048 characters.');
const events = z
  .array(z.enum(WEBHOOK_EVENTS, { error: `events must be among ${WEBHOOK_EVENTS.join(', ')}.` }), {
    error: 'events must be a list of event types.',
  })
  .min(1, 'events must name at least one event type.')
  .max(WEBHOOK_EVENTS.length)
  .transform((l) => [...new Set(l)]);
const description = z.string().trim().max(200, 'description must be at most 200 characters.');

export const createWebhookSchema = z.strictObject({
  url,
  events,
  description: description.default(''),
});

export const updateWebhookSchema = z.strictObject({
  url: url.optional(),
  events: events.optional(),
  description: description.optional(),
  enabled: z.boolean({ error: 'enabled must be true or false.' }).optional(),
});

export type CreateWebhookInput = z.output<typeof createWebhookSchema>;
export type UpdateWebhookInput = z.output<typeof updateWebhookSchema>;

export const webhookEndpointViewSchema = z.object({
  id: z.uuid(),
  url: z.string(),
  description: z.string(),
  events: z.array(z.enum(WEBHOOK_EVENTS)),
  enabled: z.boolean(),
  /** `failing`: turned off after repeated failures; `manual`. */
  disabledReason: z.string().nullable(),
  disabledAt: z.iso.datetime().nullable(),
  failureStreak: z.number().int(),
  /** Until when the rotated-out secret still signs (both signatures are sent). */
  previousSecretExpiresAt: z.iso.datetime().nullable(),
  createdAt: z.iso.datetime(),
});

export const webhookDeliveryViewSchema = z.object({
  id: z.uuid(),
  eventType: z.string(),
  meetingId: z.uuid().nullable(),
  status: z.enum(['pending', 'delivered', 'failed']),
  attempts: z.number().int(),
  lastAttemptAt: z.iso.datetime().nullable(),
  lastStatus: z.number().int().nullable(),
  lastError: z.string().nullable(),
  lastDurationMs: z.number().int().nullable(),
  deliveredAt: z.iso.datetime().nullable(),
  createdAt: z.iso.datetime(),
});

export type WebhookEndpointView = z.output<typeof webhookEndpointViewSchema>;
export type WebhookDeliveryView = z.output<typeof webhookDeliveryViewSchema>;

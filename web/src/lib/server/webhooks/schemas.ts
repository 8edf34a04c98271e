import { WEBHOOK_EVENTS, type ApiWebhookDelivery, type ApiWebhookEndpoint } from '@parley/protocol';
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

export type WebhookEndpointView = ApiWebhookEndpoint;
export type WebhookDeliveryView = ApiWebhookDelivery;

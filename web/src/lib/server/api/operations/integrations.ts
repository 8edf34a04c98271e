/** Outgoing webhooks (team owners and admins) and calendars. */
import {
  apiCalendarImportSchema,
  apiCalendarSubscriptionSchema,
  apiInviteEmailResultSchema,
  apiMeetingInvitationSchema,
  inviteEmailRequestSchema,
  apiWebhookDeliverySchema,
  apiWebhookEndpointSchema,
} from '@parley/protocol';
import { z } from 'zod';
import { createWebhookSchema, updateWebhookSchema } from '../../webhooks/schemas.ts';
import { type Operation } from './operation.ts';

const hooks = '/api/teams/{id}/webhooks';
const withSecret = z.object({ endpoint: apiWebhookEndpointSchema, secret: z.string() });
const subscription = z.object({ subscription: apiCalendarSubscriptionSchema });

export const INTEGRATION_OPERATIONS: Operation[] = [
  {
    method: 'get',
    path: hooks,
    summary: "The team's webhook endpoints (owners and admins)",
    auth: 'user',
    ok: [200, z.object({ endpoints: z.array(apiWebhookEndpointSchema) })],
  },
  {
    method: 'post',
    path: hooks,
    summary:
      'Add an endpoint (its address checked against the SSRF guard); the secret is shown once',
    auth: 'user',
    body: createWebhookSchema,
    ok: [201, withSecret],
  },
  {
    method: 'patch',
    path: `${hooks}/{endpointId}`,
    summary: 'Change URL, events or description; enable (forgetting failures) or disable',
    auth: 'user',
    body: updateWebhookSchema,
    ok: [200, z.object({ endpoint: apiWebhookEndpointSchema })],
  },
  {
    method: 'delete',
    path: `${hooks}/{endpointId}`,
    summary: 'Delete the endpoint and its delivery log',
    auth: 'user',
    ok: [204, undefined],
  },
  {
    method: 'post',
    path: `${hooks}/{endpointId}/rotate`,
    summary: 'A new signing secret (shown once); the old one also signs for the grace period',
    auth: 'user',
    ok: [200, withSecret],
  },
  {
    method: 'get',
    path: `${hooks}/{endpointId}/deliveries`,
    summary: 'The delivery log, newest first (?limit=1..200)',
    auth: 'user',
    ok: [200, z.object({ deliveries: z.array(apiWebhookDeliverySchema) })],
  },
  {
    method: 'post',
    path: `${hooks}/{endpointId}/deliveries/{deliveryId}/redeliver`,
    summary: 'Send a delivery again (same webhook-id; 409 while it is being attempted)',
    auth: 'user',
    ok: [202, z.object({ delivery: apiWebhookDeliverySchema })],
  },
  {
    method: 'post',
    path: '/api/calendar/import',
    summary: 'Import an .ics file (text/calendar body, ≤ 1 MiB): events become scheduled meetings',
    auth: 'user',
    ok: [200, apiCalendarImportSchema],
  },
  {
    method: 'get',
    path: '/api/calendar/subscriptions',
    summary: 'My ICS feed subscriptions',
    auth: 'user',
    ok: [200, z.object({ subscriptions: z.array(apiCalendarSubscriptionSchema) })],
  },
  {
    method: 'post',
    path: '/api/calendar/subscriptions',
    summary: 'Subscribe to an ICS feed (http(s) or webcal; SSRF guard); synced at once',
    auth: 'user',
    body: z.object({ url: z.string(), teamId: z.uuid().nullable().optional() }),
    ok: [201, subscription],
  },
  {
    method: 'delete',
    path: '/api/calendar/subscriptions/{id}',
    summary: 'Stop following a feed (its meetings stay)',
    auth: 'user',
    ok: [204, undefined],
  },
  {
    method: 'post',
    path: '/api/calendar/subscriptions/{id}/sync',
    summary: 'Fetch the feed now',
    auth: 'user',
    ok: [200, subscription],
  },
  {
    method: 'get',
    path: '/api/meetings/{id}/invite.ics',
    summary: 'The meeting as an .ics invite with its join link',
    auth: 'user',
    ok: [200, z.string()],
  },
  {
    method: 'get',
    path: '/api/meetings/{id}/invitation',
    summary: "Who the meeting's calendar event invited (members by name) and the event's link",
    auth: 'user',
    ok: [200, apiMeetingInvitationSchema],
  },
  {
    method: 'post',
    path: '/api/meetings/{id}/invitation/email',
    summary:
      'Email the .ics invite (METHOD:REQUEST) to ≤ 50 addresses, default the invitees (editors)',
    auth: 'user',
    body: inviteEmailRequestSchema,
    ok: [200, apiInviteEmailResultSchema],
  },
];

// The browser side of the team webhook and calendar APIs: their shapes (from the protocol) and
// one JSON call helper.

import { resolve } from '$app/paths';
import type { ApiCalendarImport, ApiInviteEmailResult } from '@parley/protocol';
import { errorText, request } from './api/client.ts';

export {
  WEBHOOK_EVENTS as WEBHOOK_EVENT_TYPES,
  type ApiCalendarSubscription,
  type ApiMeetingInvitation,
  type ApiWebhookDelivery as WebhookDeliveryItem,
  type ApiWebhookEndpoint as WebhookEndpointItem,
} from '@parley/protocol';

/** A JSON call to the API; the error message it answered with on failure. */
export type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';

export async function api<T>(
  method: Method,
  path: string,
  json?: unknown,
): Promise<{ ok: true; body: T } | { ok: false; message: string }> {
  try {
    const body = await request<T>(path, {
      method,
      body: json,
      fallback: (status) => `Request failed (${status}).`,
    });
    return { ok: true, body: body ?? ({} as T) };
  } catch (err) {
    return { ok: false, message: errorText(err, 'Request failed.') };
  }
}

/** Imports an .ics file's events as scheduled meetings. */
export function importCalendarFile(
  text: string,
  teamId: string | null = null,
): Promise<ApiCalendarImport> {
  const query = teamId ? `?teamId=${encodeURIComponent(teamId)}` : '';
  return request(`${resolve('/api/calendar/import')}${query}`, {
    method: 'POST',
    raw: { type: 'text/calendar', data: text },
    fallback: 'The file could not be imported.',
  });
}

/** Emails a meeting's .ics invite to the addresses (none: to its invitees). */
export function emailMeetingInvite(
  meetingId: string,
  to?: string[],
): Promise<ApiInviteEmailResult> {
  return request(resolve('/api/meetings/[id]/invitation/email', { id: meetingId }), {
    method: 'POST',
    body: to ? { to } : {},
    fallback: 'The invite could not be emailed.',
  });
}

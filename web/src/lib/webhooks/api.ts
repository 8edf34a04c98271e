// Browser-side shapes of the team webhook API (see `webhookEndpointViewSchema` on the server).

export const WEBHOOK_EVENT_TYPES = [
  'meeting.started',
  'meeting.ended',
  'transcript.ready',
  'summary.ready',
  'action_items.ready',
  'recording.ready',
] as const;

export interface WebhookEndpointItem {
  id: string;
  url: string;
  description: string;
  events: string[];
  enabled: boolean;
  disabledReason: string | null;
  disabledAt: string | null;
  failureStreak: number;
  previousSecretExpiresAt: string | null;
  createdAt: string;
}

export interface WebhookDeliveryItem {
  id: string;
  eventType: string;
  status: 'pending' | 'delivered' | 'failed';
  attempts: number;
  lastStatus: number | null;
  lastError: string | null;
  lastDurationMs: number | null;
  createdAt: string;
}

/** A JSON call to the API; the error message it answered with on failure. */
export async function api<T>(
  method: string,
  path: string,
  json?: unknown,
): Promise<{ ok: true; body: T } | { ok: false; message: string }> {
  const res = await fetch(path, {
    method,
    headers: json === undefined ? {} : { 'content-type': 'application/json' },
    body: json === undefined ? undefined : JSON.stringify(json),
  });
  if (res.status === 204) return { ok: true, body: {} as T };
  const body = (await res.json().catch(() => ({}))) as T & { error?: { message: string } };
  if (!res.ok)
    return { ok: false, message: body.error?.message ?? `Request failed (${res.status}).` };
  return { ok: true, body };
}

// The events a team's endpoints can take, and the versioned envelope every delivery carries.

export const WEBHOOK_EVENTS = [
  'meeting.started',
  'meeting.ended',
  'transcript.ready',
  'summary.ready',
  'action_items.ready',
  'recording.ready',
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENTS)[number];

/** Version of the payload shapes below; a breaking change adds a new version. */
export const WEBHOOK_PAYLOAD_VERSION = 1;

/** The JSON body of every delivery. */
export interface WebhookEnvelope<D = Record<string, unknown>> {
  /** The event's id: the same for every endpoint that receives it. */
  id: string;
  type: WebhookEventType;
  version: typeof WEBHOOK_PAYLOAD_VERSION;
  /** When the event happened (ISO 8601). */
  timestamp: string;
  data: D;
}

export interface WebhookMeetingData {
  id: string;
  title: string;
  type: string;
  teamId: string | null;
  subject: string | null;
  status: string;
  scheduledAt: string | null;
  startedAt: string | null;
  endedAt: string | null;
}

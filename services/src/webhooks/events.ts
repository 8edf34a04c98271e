// The events, their versioned envelope and the meeting shape are contracts with receivers: they
// are defined once in @parley/protocol.
export {
  WEBHOOK_EVENTS,
  WEBHOOK_PAYLOAD_VERSION,
  type WebhookEnvelope,
  type WebhookEventType,
  type WebhookMeetingData,
} from '@parley/protocol';

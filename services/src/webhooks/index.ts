// Outgoing webhooks: events, their versioned payloads, Standard Webhooks signing, the producer
// (web and agent), and the delivery worker (agent processes).
export {
  WEBHOOK_EVENTS,
  WEBHOOK_PAYLOAD_VERSION,
  type WebhookEnvelope,
  type WebhookEventType,
  type WebhookMeetingData,
} from './events.ts';
export {
  generateWebhookSecret,
  signWebhook,
  verifyWebhookSignature,
  webhookHeaders,
} from './signing.ts';
export { webhooksEnvSchema, type WebhooksEnv } from './env.ts';
export {
  WEBHOOK_QUEUE,
  createWebhookQueue,
  queueDeliveries,
  webhookJobOptions,
  type WebhookJobData,
  type WebhookQueue,
  type WebhookQueueOptions,
} from './queue.ts';
export {
  emitWebhookEvent,
  emitWebhookEventSafely,
  type EmitOptions,
  type WebhookEvent,
} from './producer.ts';
export { deliverOnce, type DeliverOptions, type DeliverOutcome } from './deliver.ts';
export {
  defaultWebhookSweep,
  startWebhookWorker,
  type WebhookWorker,
  type WebhookWorkerOptions,
} from './worker.ts';

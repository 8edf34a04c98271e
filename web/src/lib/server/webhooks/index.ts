export {
  meetingWebhookEvent,
  recordingWebhookEvent,
  summaryUpdatedWebhookEvent,
  webhookQueue,
} from './events.ts';
export {
  createEndpoint,
  getEndpoint,
  listDeliveries,
  listEndpoints,
  redeliver,
  removeEndpoint,
  rotateSecret,
  updateEndpoint,
} from './service.ts';
export {
  createWebhookSchema,
  updateWebhookSchema,
  type WebhookDeliveryView,
  type WebhookEndpointView,
} from './schemas.ts';

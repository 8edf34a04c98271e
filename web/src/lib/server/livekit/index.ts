export { KeyedLock } from './lock.ts';
export { agentRoomConfig, createJoinToken, dispatchMetadata, participantGrant } from './token.ts';
export {
  createLiveKitApis,
  planAgentDispatch,
  type DispatchPlan,
  type LiveKitApis,
} from './dispatch.ts';
export { applyWebhookEvent, verifyWebhook, type WebhookOutcome } from './webhook.ts';
export { issueMeetingToken, webhookReceiver } from './service.ts';

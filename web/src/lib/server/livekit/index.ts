export { KeyedLock } from './lock.ts';
export { agentRoomConfig, createJoinToken, guestGrant, participantGrant } from './token.ts';
export {
  createLiveKitApis,
  isAgentParticipant,
  planAgentDispatch,
  redispatchIfAgentLost,
  type DispatchPlan,
  type LiveKitApis,
} from './dispatch.ts';
export { applyWebhookEvent, verifyWebhook, type WebhookOutcome } from './webhook.ts';
export { reconcileRooms, startReconciler, type RoomLister } from './reconciler.ts';
export { checkAgents, startWatchdog, type WatchdogDeps } from './watchdog.ts';
export {
  agentParticipants,
  applyAiSwitch,
  closeRoom,
  forceMute,
  forgetRoom,
  issueMeetingToken,
  recoverAgent,
  removeFromLiveRooms,
  removeFromRoom,
  roomService,
  setParticipantAttributes,
  webhookReceiver,
  type JoinIdentity,
} from './service.ts';

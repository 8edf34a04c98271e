export { hasObjectStore, presignedObjectUrl } from './store.ts';
export {
  EGRESS_KEY_TTL_SECONDS,
  clearEgressKey,
  egressKey,
  liveKitEgressApi,
  startMeetingEgress,
  stopMeetingEgress,
  type EgressApi,
  type EgressStartOutcome,
} from './egress.ts';
export {
  RECORDING_ERRORS,
  meetingRecordings,
  recordingUrls,
  recordingsView,
  setMeetingRecording,
  toApiRecording,
  transcriptFileResponse,
} from './service.ts';
export { egressEndState } from './egress-state.ts';
export { recordingWebhookEffects } from './webhook-effects.ts';
export { recordingSettingsSchema, retentionSchema } from './schemas.ts';

export {
  ATTR_AGENT_STATE,
  ATTR_TRANSCRIPTION,
  MeetingTranscriber,
  segmentIdFor,
  type MeetingTranscriberDeps,
} from './meeting-transcriber.ts';
export { publishTranscript, TOPIC_TRANSCRIPTION, type TranscriptMessage } from './publisher.ts';
export { StreamClock } from './clock.ts';
export { AgentHeartbeat, heartbeatKey } from './heartbeat.ts';
export { TrackPipeline } from './track-pipeline.ts';

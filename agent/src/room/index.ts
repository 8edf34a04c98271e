export {
  MeetingTranscriber,
  segmentIdFor,
  type MeetingTranscriberDeps,
} from './meeting-transcriber.ts';
export { publishTranscript, type TranscriptMessage } from './publisher.ts';
export { StreamClock } from './clock.ts';
export { AgentHeartbeat } from './heartbeat.ts';
export { RESUME_GRACE_MS, watchConnection } from './connection-watch.ts';
export { TrackPipeline } from './track-pipeline.ts';
export { followRoomKeyterms, meetingKeyterms, MAX_KEYTERMS, type KeytermRoom } from './keyterms.ts';

export {
  simulateRoomListener,
  type ReceivedData,
  type ReceivedFinal,
  type ReceivedInterim,
  type RoomListener,
} from './listener.ts';
export { openMeetingRoom } from './meeting.ts';
export {
  chatPayload,
  startFakeChatServer,
  type FakeChatMode,
  type FakeChatServer,
} from '@parley/services/testing';
export {
  startFakeOpenAI,
  type FakeOpenAIMode,
  type FakeOpenAIServer,
  type TranscriptionRequest,
} from './openai-server.ts';
export { joinAudioEar, type AudioEar, type HeardFrame } from './audio-ear.ts';

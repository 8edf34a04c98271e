export {
  StreamingRecognizer,
  defaultStreamingOptions,
  type StreamingEvents,
  type StreamingOptions,
  type StreamingProvider,
} from './recognizer.ts';
export { ProviderFailure, type FailureKind } from './session.ts';
export { DeepgramProvider, defaultDeepgramOptions, type DeepgramOptions } from './deepgram.ts';
export {
  OpenAIRealtimeProvider,
  defaultOpenAIRealtimeOptions,
  type OpenAIRealtimeOptions,
} from './openai-realtime.ts';

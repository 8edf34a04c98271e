export * from './transcription/index.ts';
export {
  simulate,
  simulateOpus,
  simulators,
  SOURCE_QUEUE_MS,
  type SimulateOptions,
  type SimulatedSpeaker,
  type SimulatorName,
  type SpeakerResult,
} from './simulate/index.ts';
export {
  livekitConfigFromEnv,
  sttConfigFromEnv,
  workerConfigFromEnv,
  ConfigError,
  type SttConfig,
} from './config.ts';
export { transcribeFile } from './cli/transcribe.ts';

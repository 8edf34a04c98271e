export type {
  RecognizedSegment,
  SpeechRecognizer,
  Utterance,
  UtteranceOptions,
  VocabularyResult,
  RecognizerStream,
  StreamOptions,
} from './types.ts';
export {
  SpeakerNumbering,
  speakerRuns,
  type LabelledWord,
  type SpeakerRun,
} from './speaker-runs.ts';
export { composePhones, vocabularyWords } from './vocabulary.ts';
export { SpeechCaser, meetingCasing } from './casing.ts';
export { SilentRecognizer, isEnglish, speaks } from './languages.ts';
export { RECOGNIZER_SAMPLE_RATE } from './types.ts';
export {
  LocalRecognizer,
  defaultLocalRecognizerOptions,
  type LocalRecognizerOptions,
} from './local.ts';
export {
  OpenAIRecognizer,
  defaultOpenAIRecognizerOptions,
  type OpenAIRecognizerOptions,
} from './openai.ts';
export {
  createRecognizer,
  providerWithKey,
  usableSttProviders,
  type RecognizerConfig,
} from './factory.ts';
export * from './streaming/index.ts';
export {
  FallbackRecognizer,
  defaultFallbackOptions,
  type FallbackEvents,
  type FallbackOptions,
} from './fallback.ts';
export {
  Segmenter,
  defaultSegmenterOptions,
  type SegmenterHandlers,
  type SegmenterOptions,
} from './segmenter.ts';
export {
  loadVad,
  createVad,
  defaultVadOptions,
  type Vad,
  type VadEvent,
  type VadOptions,
  type VadStream,
} from './vad.ts';
export { loadSileroModel, sileroModelPath, type VadModel } from './silero.ts';
export {
  RecognitionFailedError,
  StreamTranscriber,
  transcribeAudio,
  toRecognizerAudio,
  type StreamTranscriberOptions,
  type TranscribeOptions,
} from './file.ts';
export { concatPcm, parseWav, encodeWav, type Wav } from './wav.ts';
export { normalizeWords, wordErrorRate } from './wer.ts';
export {
  Denoiser,
  SnrTracker,
  DENOISE_FRAME,
  defaultDenoiseOptions,
  type DenoiseOptions,
} from './denoise.ts';
export {
  SHARED_LOCAL_STT_METHOD,
  SharedLocalRecognizer,
  type InferenceClient,
} from './shared-local.ts';

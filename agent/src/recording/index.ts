export { TimelineMixer, defaultMixerOptions, type MixerOptions } from './mixer.ts';
export {
  OggOpusEncoder,
  EncoderError,
  defaultEncoderOptions,
  type EncoderOptions,
} from './encoder.ts';
export {
  CorruptedUploadError,
  MIN_PART_BYTES,
  MultipartUploader,
  UploadPendingError,
  multipartEtag,
  spoolSize,
  type UploadProblem,
  type UploaderHooks,
  type UploaderOptions,
} from './uploader.ts';
export {
  MeetingRecorder,
  defaultRecorderOptions,
  spoolPathFor,
  type RecorderDeps,
  type RecorderOptions,
} from './recorder.ts';
export {
  RecordingController,
  defaultControllerOptions,
  type RecordingControllerDeps,
  type RecordingControllerOptions,
  type RecordingMode,
} from './controller.ts';
export { sweepRecordings, type SweepOptions, type SweepResult } from './sweep.ts';
export {
  RETENTION_QUEUE,
  runRetention,
  startRetentionScheduler,
  type RetentionResult,
} from './retention.ts';
export { LOST_AFTER_MS, STALE_RECORDING_MS, startJobRecording, type JobRecording } from './job.ts';
export { startRecordingMaintenance } from './maintenance.ts';

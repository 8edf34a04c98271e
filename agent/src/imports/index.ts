export { UndecodableError, decodeToPcm, parseBanner, type InputInfo } from './decode.ts';
export { ImportFailure, runImport, type ImportJobDeps, type ImportOutcome } from './job.ts';
export {
  importEnvSchema,
  importSettingsFrom,
  startImportWorker,
  type ImportWorkerSettings,
} from './worker.ts';
export { defaultImportSweep, startImportSweep, type ImportSweepOptions } from './sweep.ts';

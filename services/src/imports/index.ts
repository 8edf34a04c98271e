export { importUploadEnvSchema } from './env.ts';
export {
  createImportQueue,
  defaultImportJobOptions,
  enqueueImport,
  importJobId,
  type ImportQueue,
} from './queue.ts';
export { SNIFF_BYTES, sniffAudio } from './sniff.ts';
export { UploadRefused, storeUpload, type StoredUpload } from './upload.ts';

/** Where a meeting's imported file is stored (under the meeting's prefix, erased with it). */
export const importObjectKey = (meetingId: string) => `meetings/${meetingId}/import/original`;

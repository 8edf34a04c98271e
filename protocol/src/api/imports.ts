/** Importing a recording: the API's DTOs and the job the web app queues for the agent's workers. */
import { z } from 'zod';

export const IMPORT_STATUSES = ['queued', 'running', 'done', 'failed'] as const;
export type ImportStatus = (typeof IMPORT_STATUSES)[number];

/** Containers the importer accepts (sniffed from the file's first bytes, never its name). */
export const IMPORT_FORMATS = ['wav', 'mp3', 'mp4', 'ogg', 'webm', 'flac'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

const CONTENT_TYPES: Record<ImportFormat, string> = {
  wav: 'audio/wav',
  mp3: 'audio/mpeg',
  mp4: 'video/mp4',
  ogg: 'audio/ogg',
  webm: 'video/webm',
  flac: 'audio/flac',
};

/** The media type an imported file is played back with (its sniffed format). */
export function importContentType(format: ImportFormat): string {
  return CONTENT_TYPES[format];
}

/** A recording's file name extension from its media type (`ogg`, the recorders' own, else). */
export function recordingFileExtension(contentType: string): string {
  const hit = IMPORT_FORMATS.find((f) => CONTENT_TYPES[f] === contentType);
  return hit ?? 'ogg';
}

/**
 * Why an import failed, as a code the UI words for people (never an exception's text):
 * `undecodable` the file could not be decoded, `too_long` longer than the server allows,
 * `object_missing` the upload is gone, `transcription_failed` recognition failed,
 * `channels_mismatch` fewer channels than the speakers named for them.
 */
export const IMPORT_ERRORS = [
  'undecodable',
  'too_long',
  'channels_mismatch',
  'object_missing',
  'transcription_failed',
] as const;
export type ImportError = (typeof IMPORT_ERRORS)[number];

/** Speaker names for the channels of a stereo file (`speakers=Alice,Bob` on the upload). */
export const importSpeakersSchema = z.array(z.string().trim().min(1).max(100)).min(1).max(8);

/** Query parameters of `POST /api/meetings/import` (the body is the file itself). */
export const importQuerySchema = z.object({
  title: z.string().trim().min(1).max(200).optional(),
  teamId: z.uuid().optional(),
  /** Comma-separated names, one per channel; absent: one mixed-down speaker. */
  speakers: z
    .string()
    .optional()
    .transform((s) => (s ? s.split(',').map((x) => x.trim()) : undefined))
    .pipe(importSpeakersSchema.optional()),
});

export const apiImportSchema = z.object({
  meetingId: z.uuid(),
  status: z.enum(IMPORT_STATUSES),
  format: z.enum(IMPORT_FORMATS),
  sizeBytes: z.number().int(),
  /** Length of the audio (null until the job has probed it). */
  durationMs: z.number().int().nullable(),
  /** Audio processed so far, 0–100. */
  percent: z.number().min(0).max(100),
  /** Seconds left at the rate so far (null until there is a rate). */
  etaSeconds: z.number().int().nullable(),
  speakers: z.array(z.string()).nullable(),
  error: z.enum(IMPORT_ERRORS).nullable(),
  createdAt: z.iso.datetime(),
  finishedAt: z.iso.datetime().nullable(),
});
export type ApiImport = z.output<typeof apiImportSchema>;

/** `POST /api/meetings/import` and `GET|POST /api/meetings/{id}/import`. */
export const apiImportResponseSchema = z.object({ import: apiImportSchema });
export type ApiImportResponse = z.output<typeof apiImportResponseSchema>;

/** The job on the import queue (one per meeting: its id is the meeting's). */
export const importJobSchema = z.object({ meetingId: z.uuid() });
export type ImportJobData = z.output<typeof importJobSchema>;
export const IMPORT_QUEUE = 'import';

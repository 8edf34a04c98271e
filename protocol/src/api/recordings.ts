/** Recordings as the API returns them. */
import { z } from 'zod';
import { RECORDING_MODES, RECORDING_SOURCES, RECORDING_STATUSES } from '../enums.ts';

const iso = z.iso.datetime();

export const apiRecordingSchema = z.object({
  id: z.uuid(),
  /** How it was made: `egress`, `agent`, or `import` (the file a member uploaded). */
  mode: z.enum(RECORDING_SOURCES),
  status: z.enum(RECORDING_STATUSES),
  startedAt: iso,
  endedAt: iso.nullable(),
  durationMs: z.number().int().nullable(),
  sizeBytes: z.number().int().nullable(),
  /** Short code when something went wrong (`s3_unavailable`, `egress_failed`, …). */
  error: z.string().nullable(),
  /**
   * Where the recording starts on the meeting's timeline (ms after the meeting started):
   * a transcript line at `startMs` plays at `startMs - offsetMs` in this recording.
   */
  offsetMs: z.number().int(),
});
export type ApiRecording = z.output<typeof apiRecordingSchema>;

/** `GET /api/meetings/{id}/recordings`. */
export const apiRecordingListSchema = z.object({
  recordings: z.array(apiRecordingSchema),
  recordingAllowed: z.boolean(),
  canManage: z.boolean(),
  mode: z.enum([...RECORDING_MODES, 'off']),
});
export type ApiRecordingList = z.output<typeof apiRecordingListSchema>;

/** `GET /api/meetings/{id}/recordings/{recordingId}`: short-lived URLs of a completed recording. */
export const apiRecordingUrlsSchema = z.object({
  playUrl: z.url(),
  downloadUrl: z.url(),
  expiresInSeconds: z.number().int(),
  recording: apiRecordingSchema,
});
export type ApiRecordingUrls = z.output<typeof apiRecordingUrlsSchema>;

/** `PUT /api/meetings/{id}/recordings/settings`: the switch as set, and what the egress did. */
export const apiRecordingSettingsSchema = z.object({ allowed: z.boolean(), egress: z.string() });
export type ApiRecordingSettings = z.output<typeof apiRecordingSettingsSchema>;

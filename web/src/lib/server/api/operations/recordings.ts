/** Recordings, transcript exports and teams' retention. */
import {
  apiImportResponseSchema,
  apiMeetingSchema,
  apiRecordingListSchema,
  apiRecordingSettingsSchema,
  apiRecordingUrlsSchema,
} from '@parley/protocol';
import { z } from 'zod';
import { recordingSettingsSchema, retentionSchema } from '../../recording/schemas.ts';
import { type Operation } from './operation.ts';

/** The upload's query (the body is the file itself, any Content-Type; sniffed from its bytes). */
const importQuery = z.object({
  title: z.string().max(200).optional(),
  teamId: z.uuid().optional(),
  /** Names per channel, comma-separated (e.g. `Ada,Bob` for a stereo file). */
  speakers: z.string().optional(),
});

export const RECORDING_OPERATIONS: Operation[] = [
  {
    method: 'post',
    path: '/api/meetings/import',
    summary:
      'A new meeting from a recording (the body: wav, mp3, m4a, ogg, webm, mp4, flac; 413 over IMPORT_MAX_BYTES, 415 not audio, 422 empty); transcribed in the background',
    auth: 'user',
    query: importQuery,
    ok: [202, apiImportResponseSchema.extend({ meeting: apiMeetingSchema })],
  },
  {
    method: 'get',
    path: '/api/meetings/{id}/import',
    summary: "The meeting's imported recording: status, percent done, ETA, or why it failed",
    auth: 'user',
    ok: [200, apiImportResponseSchema],
  },
  {
    method: 'post',
    path: '/api/meetings/{id}/import',
    summary:
      'Attach a recording (the body) to an ended meeting without a transcript (hosts; 409 otherwise)',
    auth: 'user',
    query: importQuery.pick({ speakers: true }),
    ok: [202, apiImportResponseSchema],
  },
  {
    method: 'get',
    path: '/api/meetings/{id}/recordings',
    summary: 'Recordings of the meeting with their status (members; guests 404)',
    auth: 'user',
    ok: [200, apiRecordingListSchema],
  },
  {
    method: 'put',
    path: '/api/meetings/{id}/recordings/settings',
    summary: "The host's recording switch (owner, team admins); acts at once on a live meeting",
    auth: 'user',
    body: recordingSettingsSchema,
    ok: [200, apiRecordingSettingsSchema],
  },
  {
    method: 'get',
    path: '/api/meetings/{id}/recordings/{recordingId}',
    summary: 'Presigned play and download URLs of a completed recording (≤ 15 min; Range works)',
    auth: 'user',
    ok: [200, apiRecordingUrlsSchema],
  },
  {
    method: 'get',
    path: '/api/meetings/{id}/recordings/{recordingId}/download',
    summary: 'Redirect (303) to a fresh presigned download URL (attachment)',
    auth: 'user',
    ok: [303, undefined],
  },
  {
    method: 'get',
    path: '/api/meetings/{id}/transcript/export/{format}',
    summary: 'The transcript as a file: txt, vtt, srt or md (attachment)',
    auth: 'user',
    ok: [200, z.string()],
  },
  {
    method: 'get',
    path: '/api/teams/{id}/retention',
    summary: 'Days until recordings and transcripts of the team are deleted (null: kept)',
    auth: 'user',
    ok: [200, z.object({ retention: retentionSchema })],
  },
  {
    method: 'put',
    path: '/api/teams/{id}/retention',
    summary: 'Change the retention (owners, admins)',
    auth: 'user',
    body: retentionSchema,
    ok: [200, z.object({ retention: retentionSchema })],
  },
];

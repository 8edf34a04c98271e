/** Recordings, transcript exports and teams' retention. */
import {
  apiRecordingListSchema,
  apiRecordingSettingsSchema,
  apiRecordingUrlsSchema,
} from '@parley/protocol';
import { z } from 'zod';
import { recordingSettingsSchema, retentionSchema } from '../../recording/schemas.ts';
import { type Operation } from './operation.ts';

export const RECORDING_OPERATIONS: Operation[] = [
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

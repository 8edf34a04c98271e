/** Transcript corrections: the transcript with versions, edits, a line's history, speakers. */
import {
  apiTranscriptEditSchema,
  apiTranscriptSchema,
  editSegmentBodySchema,
  mergeSegmentBodySchema,
  renameSpeakerBodySchema,
  splitSegmentBodySchema,
  transcriptChangeSchema,
} from '@parley/protocol';
import { z } from 'zod';
import type { Operation } from './operation.ts';

const LINE = '/api/meetings/{id}/transcript/segments/{segmentId}';
const EDIT = '(owner, team owners and admins; 409 with `current` when `version` is stale)';

export const TRANSCRIPT_OPERATIONS: Operation[] = [
  {
    method: 'get',
    path: '/api/meetings/{id}/transcript',
    summary: 'The transcript with line versions and speakers (members)',
    auth: 'user',
    ok: [200, apiTranscriptSchema],
  },
  {
    method: 'patch',
    path: LINE,
    summary: `Fix a line's text ${EDIT}`,
    auth: 'user',
    body: editSegmentBodySchema,
    ok: [200, transcriptChangeSchema],
  },
  {
    method: 'post',
    path: `${LINE}/split`,
    summary: `Split a line in two at a character offset ${EDIT}`,
    auth: 'user',
    body: splitSegmentBodySchema,
    ok: [200, transcriptChangeSchema],
  },
  {
    method: 'post',
    path: `${LINE}/merge`,
    summary: `Merge a line with the next one, the same speaker's ${EDIT}`,
    auth: 'user',
    body: mergeSegmentBodySchema,
    ok: [200, transcriptChangeSchema],
  },
  {
    method: 'get',
    path: `${LINE}/history`,
    summary: "A line's edits, newest first (members)",
    auth: 'user',
    ok: [200, z.object({ edits: z.array(apiTranscriptEditSchema) })],
  },
  {
    method: 'put',
    path: '/api/meetings/{id}/transcript/speakers',
    summary: 'Name a speaker for the whole meeting: a name or a member (owner, team admins)',
    auth: 'user',
    body: renameSpeakerBodySchema,
    ok: [200, transcriptChangeSchema],
  },
];

/** Moments people mark during a meeting. */
import { apiHighlightSchema } from '@parley/protocol';
import { z } from 'zod';
import { createHighlightSchema } from '../../highlights/schemas.ts';
import { list, type Operation } from './operation.ts';

export const HIGHLIGHT_OPERATIONS: Operation[] = [
  {
    method: 'get',
    path: '/api/meetings/{id}/highlights',
    summary: "The meeting's highlights in timeline order",
    auth: 'user',
    ok: [200, list(apiHighlightSchema)],
  },
  {
    method: 'post',
    path: '/api/meetings/{id}/highlights',
    summary: 'Mark a moment (ms from the meeting start) with an optional note',
    auth: 'user',
    body: createHighlightSchema,
    ok: [201, z.object({ highlight: apiHighlightSchema })],
  },
  {
    method: 'delete',
    path: '/api/meetings/{id}/highlights/{highlightId}',
    summary: 'Delete a highlight (one’s own, or any as a host)',
    auth: 'user',
    ok: [204, undefined],
  },
];

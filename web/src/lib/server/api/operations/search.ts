/** Search, "ask your meetings" and the post-meeting results. */
import { apiFollowupStatusSchema } from '@parley/protocol';
import { z } from 'zod';
import { askSchema, editSummarySchema, searchQuerySchema } from '../../search/schemas.ts';
import { type Operation } from './operation.ts';

const followupOut = z.object({ followup: apiFollowupStatusSchema });

export const SEARCH_OPERATIONS: Operation[] = [
  {
    method: 'get',
    path: '/api/search',
    summary:
      'Search every visible meeting: full-text (websearch syntax) over every match; sort=relevance (default: best match, newest first among equals, + semantic when configured, fused by rank) or sort=newest; hits link to the moment',
    auth: 'user',
    query: searchQuerySchema,
    ok: [200, z.object({ items: z.array(z.unknown()), semantic: z.boolean() })],
  },
  {
    method: 'post',
    path: '/api/ask',
    summary:
      'Ask your meetings: a grounded answer citing visible passages as [n], or the top passages',
    auth: 'user',
    body: askSchema,
    ok: [
      200,
      z.object({
        mode: z.enum(['llm', 'passages']),
        answer: z.string().nullable(),
        passages: z.array(z.unknown()),
        fallback: z.boolean(),
      }),
    ],
  },
  {
    method: 'get',
    path: '/api/meetings/{id}/postmeeting',
    summary: 'Summary, action items, extracted data and the post-meeting progress or failure',
    auth: 'user',
    ok: [200, z.unknown()],
  },
  {
    method: 'post',
    path: '/api/meetings/{id}/postmeeting',
    summary: 'Run the post-meeting steps again (hosts; ended meetings; 409 while running)',
    auth: 'user',
    ok: [202, z.unknown()],
  },
  {
    method: 'put',
    path: '/api/meetings/{id}/summary',
    summary:
      "Correct the summary (the meeting's editors; 409 before there is one): re-runs keep it",
    auth: 'user',
    body: editSummarySchema,
    ok: [200, z.object({ summary: z.unknown() })],
  },
  {
    method: 'post',
    path: '/api/meetings/{id}/summary/revert',
    summary: "Drop people's edits of the summary: the post-meeting steps' latest version again",
    auth: 'user',
    ok: [200, z.object({ summary: z.unknown() })],
  },
  {
    method: 'get',
    path: '/api/meetings/{id}/followup',
    summary:
      "What became of the follow-up email (hosts): the current sending's counts per outcome, and whether it may be sent again now (or why not)",
    auth: 'user',
    ok: [200, followupOut],
  },
  {
    method: 'post',
    path: '/api/meetings/{id}/followup',
    summary:
      'Send the follow-up email again, marked as an update replacing the earlier one, to the participants who get it (hosts; after everyone was served, 10 minutes apart, 5 sendings in all; 409 names why not)',
    auth: 'user',
    ok: [202, followupOut],
  },
  {
    method: 'get',
    path: '/api/meetings/{id}/postmeeting/export',
    summary: 'Summary, action items and data as Markdown (attachment)',
    auth: 'user',
    ok: [200, z.string()],
  },
];

/** Search, "ask your meetings" and the post-meeting results. */
import { z } from 'zod';
import { askSchema, editSummarySchema, searchQuerySchema } from '../../search/schemas.ts';
import { type Operation } from './operation.ts';

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
    path: '/api/meetings/{id}/postmeeting/export',
    summary: 'Summary, action items and data as Markdown (attachment)',
    auth: 'user',
    ok: [200, z.string()],
  },
];

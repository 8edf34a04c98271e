/** A meeting's report: checklist coverage with evidence, and what became of the suggestions. */
import { z } from 'zod';
import type { Operation } from './operation.ts';

export const REPORT_OPERATIONS: Operation[] = [
  {
    method: 'get',
    path: '/api/meetings/{id}/coverage',
    summary:
      'Checklist coverage: each item covered or not, with the quotes (speaker, time) that moved it',
    auth: 'user',
    ok: [200, z.unknown()],
  },
  {
    method: 'get',
    path: '/api/meetings/{id}/suggestions',
    summary:
      'Suggestion cards shown and what became of each (asked aloud, covered, marked asked, dismissed, pinned, never acted on); critical ones never asked',
    auth: 'user',
    ok: [200, z.unknown()],
  },
];

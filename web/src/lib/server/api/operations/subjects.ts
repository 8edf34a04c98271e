/** Subjects, their memory, the brief and action items people own. */
import { z } from 'zod';
import {
  apiActionItemListSchema,
  apiActionItemSchema,
  apiSubjectSchema,
  briefSchema,
  createActionItemSchema,
  createSubjectSchema,
  listActionItemsQuerySchema,
  listSubjectsQuerySchema,
  mergeSubjectSchema,
  subjectMemorySchema,
  updateActionItemSchema,
  updateSubjectSchema,
} from '../../subjects/schemas.ts';
import { type Operation } from './operation.ts';

export const SUBJECT_OPERATIONS: Operation[] = [
  {
    method: 'post',
    path: '/api/meetings/{id}/action-items',
    summary: "Add a person's own action item (members)",
    auth: 'user',
    body: createActionItemSchema,
    ok: [201, z.object({ item: apiActionItemSchema })],
  },
  {
    method: 'get',
    path: '/api/action-items',
    summary:
      'Action items of every meeting you may see: assignee=me|anyone, status=open|done|all, teamId (or personal); open ones by due date (undated last), then newest meeting first',
    auth: 'user',
    query: listActionItemsQuerySchema,
    ok: [200, apiActionItemListSchema],
  },
  {
    method: 'patch',
    path: '/api/meetings/{id}/action-items/{itemId}',
    summary: 'Done / undo, edit text, assignee, due date, accept / reject (kept across re-runs)',
    auth: 'user',
    body: updateActionItemSchema,
    ok: [200, z.object({ item: apiActionItemSchema })],
  },
  {
    method: 'get',
    path: '/api/meetings/{id}/brief',
    summary: "What happened last time with the meeting's subject (members; null without a subject)",
    auth: 'user',
    ok: [200, z.object({ brief: briefSchema.nullable() })],
  },
  {
    method: 'get',
    path: '/api/subjects',
    summary: 'Subjects the caller may see, most recently met first (q: name prefix)',
    auth: 'user',
    query: listSubjectsQuerySchema,
    ok: [200, z.object({ items: z.array(apiSubjectSchema) })],
  },
  {
    method: 'post',
    path: '/api/subjects',
    summary: 'Create a personal subject, or one of a team the caller administers',
    auth: 'user',
    body: createSubjectSchema,
    ok: [201, z.object({ subject: apiSubjectSchema })],
  },
  {
    method: 'get',
    path: '/api/subjects/{id}',
    summary:
      'A subject with its timeline, metric series, open action items and never-covered items',
    auth: 'user',
    ok: [
      200,
      z.object({
        subject: apiSubjectSchema,
        actions: z.array(z.enum(['read', 'update'])),
        memory: subjectMemorySchema,
      }),
    ],
  },
  {
    method: 'patch',
    path: '/api/subjects/{id}',
    summary: 'Rename a subject (its meetings follow) or set its kind (team admins; owner)',
    auth: 'user',
    body: updateSubjectSchema,
    ok: [200, z.object({ subject: apiSubjectSchema })],
  },
  {
    method: 'post',
    path: '/api/subjects/{id}/merge',
    summary: "Move this subject's meetings into another of the same scope and delete this one",
    auth: 'user',
    body: mergeSubjectSchema,
    ok: [200, z.object({ subject: apiSubjectSchema, moved: z.number().int() })],
  },
];

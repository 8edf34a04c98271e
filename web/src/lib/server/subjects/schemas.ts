import { ACTION_ITEM_LIST_STATUSES } from '@parley/db';
import { ACTION_ITEM_REVIEWS, ACTION_ITEM_STATUSES, SUBJECT_KINDS } from '@parley/protocol';
import { z } from 'zod';

// Request and response shapes of the subject, brief and action-item routes.

const name = z
  .string({ error: 'name must be text.' })
  .trim()
  .min(1, 'name must not be empty.')
  .max(255, 'name must be at most 255 characters.');
const kind = z.enum(SUBJECT_KINDS, { error: `kind must be one of: ${SUBJECT_KINDS.join(', ')}.` });

export const createSubjectSchema = z
  .object({
    name,
    kind: kind.nullable().optional(),
    /** A team the caller administers; omitted or null: a personal subject. */
    teamId: z.uuid({ error: 'teamId must be a team id (UUID).' }).nullable().optional(),
  })
  .strict();

export const updateSubjectSchema = z
  .object({ name: name.optional(), kind: kind.nullable().optional() })
  .strict();

export const mergeSubjectSchema = z
  .object({
    /** The subject that remains; this one's meetings move to it and this one is deleted. */
    into: z.uuid({ error: 'into must be a subject id (UUID).' }),
  })
  .strict();

/** A team (its id), or `personal`: the caller's own, without a team. */
const teamOrPersonal = z
  .union([z.uuid(), z.literal('personal')], { error: 'teamId must be a team id or personal.' })
  .optional();
const listLimit = z.coerce
  .number({ error: 'limit must be a number.' })
  .int('limit must be a whole number.')
  .min(1, 'limit must be at least 1.')
  .max(200, 'limit must be at most 200.')
  .default(50);

export const listSubjectsQuerySchema = z.object({
  /** Names starting with this (typeahead). */
  q: z.string().trim().max(255, 'q must be at most 255 characters.').optional(),
  /** One team's subjects; `personal` for the caller's own. */
  teamId: teamOrPersonal,
  limit: listLimit,
});

export const ACTION_ITEM_ASSIGNEES = ['me', 'anyone'] as const;

/** `GET /api/action-items` and the action items page: items across every visible meeting. */
export const listActionItemsQuerySchema = z.object({
  /** me: assigned to the caller; anyone: every item of the meetings they may see. */
  assignee: z
    .enum(ACTION_ITEM_ASSIGNEES, {
      error: `assignee must be one of: ${ACTION_ITEM_ASSIGNEES.join(', ')}.`,
    })
    .default('anyone'),
  status: z
    .enum(ACTION_ITEM_LIST_STATUSES, {
      error: `status must be one of: ${ACTION_ITEM_LIST_STATUSES.join(', ')}.`,
    })
    .default('open'),
  /** One team's meetings; `personal` for meetings without a team. */
  teamId: teamOrPersonal,
  limit: listLimit,
  offset: z.coerce
    .number({ error: 'offset must be a number.' })
    .int('offset must be a whole number.')
    .min(0, 'offset must be at least 0.')
    .max(10_000, 'offset must be at most 10000.')
    .default(0),
});
export type ListActionItemsQuery = z.output<typeof listActionItemsQuerySchema>;

const dueDate = z.iso.date({ error: 'dueDate must be a date (YYYY-MM-DD).' });
const text = z
  .string({ error: 'text must be text.' })
  .trim()
  .min(1, 'text must not be empty.')
  .max(1000, 'text must be at most 1000 characters.');
const ownerName = z
  .string({ error: 'ownerName must be text.' })
  .trim()
  .min(1, 'ownerName must not be empty (send null for nobody).')
  .max(255, 'ownerName must be at most 255 characters.');
/** A participant of the meeting (their identity); the name is then taken from attendance. */
const ownerIdentity = z.string({ error: 'ownerIdentity must be text.' }).min(1).max(255);

export const createActionItemSchema = z
  .object({
    text,
    ownerIdentity: ownerIdentity.nullable().optional(),
    ownerName: ownerName.nullable().optional(),
    dueDate: dueDate.nullable().optional(),
  })
  .strict();

export const updateActionItemSchema = z
  .object({
    text: text.optional(),
    ownerIdentity: ownerIdentity.nullable().optional(),
    ownerName: ownerName.nullable().optional(),
    dueDate: dueDate.nullable().optional(),
    status: z
      .enum(ACTION_ITEM_STATUSES, {
        error: `status must be one of: ${ACTION_ITEM_STATUSES.join(', ')}.`,
      })
      .optional(),
    review: z
      .enum(ACTION_ITEM_REVIEWS, {
        error: `review must be one of: ${ACTION_ITEM_REVIEWS.join(', ')}.`,
      })
      .optional(),
  })
  .strict();

export {
  apiActionItemListSchema,
  apiActionItemSchema,
  apiSubjectSchema,
  briefSchema,
  subjectMemorySchema,
  type ApiSubject,
} from '@parley/protocol';

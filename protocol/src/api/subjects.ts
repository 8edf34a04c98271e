/** Subjects, their memory, the brief before a meeting and action items people own. */
import { z } from 'zod';
import {
  ACTION_ITEM_REVIEWS,
  ACTION_ITEM_SOURCES,
  ACTION_ITEM_STATUSES,
  MEETING_TYPES,
  SUBJECT_KINDS,
} from '../enums.ts';

export const apiSubjectSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  kind: z.enum(SUBJECT_KINDS).nullable(),
  teamId: z.uuid().nullable(),
  createdAt: z.iso.datetime(),
  meetingCount: z.number().int().optional(),
  lastMeetingAt: z.iso.datetime().nullable().optional(),
});
export type ApiSubject = z.output<typeof apiSubjectSchema>;

export const apiActionItemSchema = z.object({
  id: z.uuid(),
  text: z.string(),
  /** The assignee's name: a participant's, or free text (then `ownerIdentity` is null). */
  owner: z.string().nullable(),
  /** The assignee when a participant of the meeting; null for free text or nobody. */
  ownerIdentity: z.string().nullable(),
  dueDate: z.string().nullable(),
  startMs: z.number().int().nullable(),
  source: z.enum(ACTION_ITEM_SOURCES),
  status: z.enum(ACTION_ITEM_STATUSES),
  review: z.enum(ACTION_ITEM_REVIEWS),
  edited: z.boolean(),
});

export type ApiActionItem = z.output<typeof apiActionItemSchema>;

/** An action item of any meeting the caller may see, with that meeting (`GET /api/action-items`). */
export const apiActionItemEntrySchema = apiActionItemSchema.extend({
  doneAt: z.iso.datetime().nullable(),
  meeting: z.object({
    id: z.uuid(),
    title: z.string(),
    type: z.enum(MEETING_TYPES),
    /** When it started (else was scheduled, else was created). */
    at: z.iso.datetime(),
    teamId: z.uuid().nullable(),
  }),
  /** The meeting page at the moment the item was said, or the meeting page. */
  href: z.string(),
});
export type ApiActionItemEntry = z.output<typeof apiActionItemEntrySchema>;

export const apiActionItemListSchema = z.object({
  items: z.array(apiActionItemEntrySchema),
  /** `offset` of the next page; null on the last. */
  nextOffset: z.number().int().nullable(),
});
export type ApiActionItemList = z.output<typeof apiActionItemListSchema>;

const source = z.object({
  meetingId: z.uuid(),
  meetingTitle: z.string(),
  at: z.string(),
  startMs: z.number().int().nullable(),
});
const briefLine = z.object({ text: z.string(), href: z.string(), source });
export const briefSchema = z.object({
  subject: z.object({ id: z.uuid(), name: z.string() }),
  pastMeetings: z.number().int(),
  last: z
    .object({ meetingId: z.uuid(), title: z.string(), at: z.string(), href: z.string() })
    .nullable(),
  summary: z.array(briefLine),
  metrics: z.array(
    briefLine.extend({
      label: z.string(),
      latest: z.string(),
      points: z.array(
        z.object({ at: z.string(), value: z.number(), text: z.string(), href: z.string() }),
      ),
      change: z.number().nullable(),
      flagged: z.boolean(),
    }),
  ),
  actionItems: z.array(
    briefLine.extend({ owner: z.string().nullable(), dueDate: z.string().nullable() }),
  ),
  neverCovered: z.array(briefLine),
});
export type Brief = z.output<typeof briefSchema>;

const metricPoint = z.object({
  meetingId: z.uuid(),
  meetingTitle: z.string(),
  at: z.string(),
  raw: z.string(),
  value: z.number().nullable(),
  converted: z.boolean(),
  note: z.string().nullable(),
  startMs: z.number().int().nullable(),
});
export const subjectMemorySchema = z.object({
  meetings: z.array(
    z.object({
      id: z.uuid(),
      title: z.string(),
      type: z.string(),
      status: z.string(),
      at: z.string(),
      endedAt: z.string().nullable(),
      overview: z.string().nullable(),
    }),
  ),
  metrics: z.array(
    z.object({
      fieldId: z.string(),
      label: z.string(),
      type: z.string(),
      unit: z.string(),
      numeric: z.boolean(),
      points: z.array(metricPoint),
    }),
  ),
  openActionItems: z.array(
    z.object({
      id: z.uuid(),
      text: z.string(),
      owner: z.string().nullable(),
      ownerIdentity: z.string().nullable(),
      dueDate: z.string().nullable(),
      review: z.enum(ACTION_ITEM_REVIEWS),
      source,
    }),
  ),
  neverCovered: z.array(
    z.object({
      itemId: z.string(),
      title: z.string(),
      priority: z.string(),
      meetings: z.number().int(),
      source,
    }),
  ),
  lastSummary: z
    .object({
      overview: z.string(),
      points: z.array(
        z.object({
          kind: z.enum(['key_point', 'decision', 'open_question']),
          text: z.string(),
          startMs: z.number().int().nullable(),
        }),
      ),
      source,
    })
    .nullable(),
});
export type SubjectMemoryView = z.output<typeof subjectMemorySchema>;
export type MetricSeriesView = SubjectMemoryView['metrics'][number];

import { MEETING_STATUSES, MEETING_TYPES, SUGGESTION_PRIORITIES } from '@parley/protocol';
import { z } from 'zod';

const title = z
  .string({ error: 'Title is required.' })
  .trim()
  .min(3, 'Title must be at least 3 characters.')
  .max(255, 'Title must be at most 255 characters.');

const type = z.enum(MEETING_TYPES, { error: `Type must be one of: ${MEETING_TYPES.join(', ')}.` });

const subject = z
  .string({ error: 'Subject must be text.' })
  .trim()
  .min(1, 'Subject must not be empty (send null to clear it).')
  .max(255, 'Subject must be at most 255 characters.');

const teamId = z.uuid({ error: 'teamId must be a team id (UUID).' });
/** A subject of the meeting's scope; wins over `subject` (a name, found or created). */
const subjectId = z.uuid({ error: 'subjectId must be a subject id (UUID).' });

const scheduledAt = z.iso.datetime({
  offset: true,
  error: 'scheduledAt must be an ISO 8601 date-time, e.g. 2026-12-01T09:30:00Z.',
});

/** BCP-47 language tag: `en`, `en-US`, `de`, `pt-BR`, `zh-Hant-TW` (null: the server default). */
const LANGUAGE_TAG = /^[A-Za-z]{2,3}(-[A-Za-z]{4})?(-([A-Za-z]{2}|[0-9]{3}))?$/;
export const languageSchema = z
  .string({ error: 'language must be a BCP-47 language tag such as en, en-US or de.' })
  .trim()
  .regex(LANGUAGE_TAG, 'language must be a BCP-47 language tag such as en, en-US or de.');

export const VOCABULARY_MAX_TERMS = 100;
export const VOCABULARY_MAX_LENGTH = 60;
/** Names and product terms the recogniser should know; duplicates (case-insensitive) dropped. */
export const vocabularySchema = z
  .array(
    z
      .string({ error: 'vocabulary terms must be text.' })
      .trim()
      .min(1, 'vocabulary terms must not be empty.')
      .max(
        VOCABULARY_MAX_LENGTH,
        `vocabulary terms must be at most ${VOCABULARY_MAX_LENGTH} characters.`,
      ),
    { error: 'vocabulary must be a list of terms.' },
  )
  .max(VOCABULARY_MAX_TERMS, `vocabulary may hold at most ${VOCABULARY_MAX_TERMS} terms.`)
  .transform((terms) => {
    const seen = new Set<string>();
    return terms.filter((t) => {
      const k = t.toLowerCase();
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    });
  });

const aiEnabled = z.boolean({ error: 'aiEnabled must be true or false.' });
const followupEmail = z.boolean({ error: 'followupEmail must be true or false.' });

/** A form textarea's vocabulary: one term per line or comma-separated. */
export function parseVocabularyText(text: string): string[] {
  return text
    .split(/[\n,]/)
    .map((t) => t.trim())
    .filter(Boolean);
}

export const checklistItemInputSchema = z.object({
  id: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,64}$/, 'Checklist item id must be 1-64 chars of [A-Za-z0-9_-].')
    .optional(),
  title: z
    .string({ error: 'Checklist item title is required.' })
    .trim()
    .min(1, 'Checklist item title is required.')
    .max(200, 'Checklist item title must be at most 200 characters.'),
  description: z.string().max(2000, 'Checklist item description is too long.').default(''),
  keywords: z.array(z.string().min(1).max(100)).max(50).default([]),
  priority: z
    .enum(SUGGESTION_PRIORITIES, {
      error: `Checklist priority must be one of: ${SUGGESTION_PRIORITIES.join(', ')}.`,
    })
    .default('important'),
});

const checklist = z
  .array(checklistItemInputSchema, { error: 'Checklist must be a list of items.' })
  .max(50, 'Checklist may hold at most 50 items.');

export const createMeetingSchema = z.object({
  title,
  type,
  subject: subject.nullable().optional(),
  subjectId: subjectId.nullable().optional(),
  teamId: teamId.nullable().optional(),
  scheduledAt: scheduledAt.nullable().optional(),
  /** Omitted: prefilled from the type's checklist in `prompts/`. */
  checklist: checklist.optional(),
  /** BCP-47 tag of the spoken language; null or omitted: the server default. */
  language: languageSchema.nullable().optional(),
  /** Names and product terms (each 1-60 characters, at most 100). */
  vocabulary: vocabularySchema.optional(),
  /** False: "no AI" — no agent joins, nothing is transcribed. Default true. */
  aiEnabled: aiEnabled.optional(),
});
export type CreateMeetingInput = z.output<typeof createMeetingSchema>;

export const updateMeetingSchema = z
  .object({
    title: title.optional(),
    type: type.optional(),
    subject: subject.nullable().optional(),
    subjectId: subjectId.nullable().optional(),
    teamId: teamId.nullable().optional(),
    scheduledAt: scheduledAt.nullable().optional(),
    checklist: checklist.optional(),
    language: languageSchema.nullable().optional(),
    vocabulary: vocabularySchema.optional(),
    aiEnabled: aiEnabled.optional(),
    /** The host lets Parley email participants the follow-up (summary, action items). */
    followupEmail: followupEmail.optional(),
  })
  .strict();
export type UpdateMeetingInput = z.output<typeof updateMeetingSchema>;

const dateParam = (name: string) =>
  z.iso.datetime({ offset: true, error: `${name} must be an ISO 8601 date-time.` });

export const listMeetingsQuerySchema = z.object({
  limit: z.coerce
    .number({ error: 'Limit must be a number.' })
    .int('Limit must be a whole number.')
    .min(1, 'Limit must be at least 1.')
    .max(100, 'Limit must be at most 100.')
    .default(20),
  cursor: z.string().max(200, 'Cursor is malformed.').optional(),
  type: type.optional(),
  status: z
    .enum(MEETING_STATUSES, { error: `Status must be one of: ${MEETING_STATUSES.join(', ')}.` })
    .optional(),
  subject: z.string().trim().min(1).max(255, 'Subject must be at most 255 characters.').optional(),
  subjectId: subjectId.optional(),
  teamId: teamId.optional(),
  from: dateParam('from').optional(),
  to: dateParam('to').optional(),
  q: z.string().trim().min(1).max(200, 'q must be at most 200 characters.').optional(),
});
export type ListMeetingsQuery = z.output<typeof listMeetingsQuerySchema>;

/** The token request body is optional (an empty JSON object when sent). */
export const tokenRequestSchema = z.object({}).loose();

export const moderationSchema = z.object({
  reason: z.string().trim().max(200, 'Reason must be at most 200 characters.').optional(),
});

/** True for a UUID string (meeting and user ids). */
export { isUuid } from '@parley/protocol';

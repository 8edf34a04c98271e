import { MAX_SEARCH_QUERY_CHARS, SEARCH_SORTS } from '@parley/db';
import { MEETING_TYPES } from '@parley/protocol';
import { z } from 'zod';

/** A date (YYYY-MM-DD) or an ISO 8601 date-time. */
const dateParam = (name: string) =>
  z
    .string()
    .trim()
    .refine(
      (v) =>
        /^\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(v) &&
        !Number.isNaN(Date.parse(v)),
      `${name} must be a date (YYYY-MM-DD) or an ISO 8601 date-time.`,
    )
    .transform((v) => new Date(v));

export const searchFiltersSchema = z.object({
  teamId: z.uuid({ error: 'teamId must be a team id (UUID).' }).optional(),
  /** One meeting only ("Ask about this meeting"); still only if the caller may see it. */
  meetingId: z.uuid({ error: 'meetingId must be a meeting id (UUID).' }).optional(),
  type: z
    .enum(MEETING_TYPES, { error: `type must be one of: ${MEETING_TYPES.join(', ')}.` })
    .optional(),
  subject: z.string().trim().min(1).max(255, 'subject must be at most 255 characters.').optional(),
  speaker: z.string().trim().min(1).max(200, 'speaker must be at most 200 characters.').optional(),
  from: dateParam('from').optional(),
  to: dateParam('to').optional(),
});

export const searchQuerySchema = searchFiltersSchema.extend({
  q: z
    .string({ error: 'q is required.' })
    .max(MAX_SEARCH_QUERY_CHARS, `q must be at most ${MAX_SEARCH_QUERY_CHARS} characters.`),
  limit: z.coerce
    .number({ error: 'limit must be a number.' })
    .int('limit must be a whole number.')
    .min(1, 'limit must be at least 1.')
    .max(50, 'limit must be at most 50.')
    .default(20),
  offset: z.coerce
    .number({ error: 'offset must be a number.' })
    .int('offset must be a whole number.')
    .min(0, 'offset must be at least 0.')
    .max(500, 'offset must be at most 500.')
    .default(0),
  /** relevance: best match first (newest first among equals); newest: most recent first. */
  sort: z
    .enum(SEARCH_SORTS, { error: `sort must be one of: ${SEARCH_SORTS.join(', ')}.` })
    .default('relevance'),
});
export type SearchQuery = z.output<typeof searchQuerySchema>;

export const askSchema = z.object({
  question: z
    .string({ error: 'question is required.' })
    .trim()
    .min(1, 'question must not be empty.')
    .max(2000, 'question must be at most 2000 characters.'),
  filters: searchFiltersSchema.optional(),
});
export type AskInput = z.output<typeof askSchema>;

const summaryPoint = z.strictObject({
  text: z
    .string({ error: 'Each point needs text.' })
    .trim()
    .min(1, 'A point must not be empty (remove it instead).')
    .max(1000, 'A point must be at most 1000 characters.'),
  /** The line it came from (kept when a point is reworded), or null. */
  segmentId: z.string().max(200).nullable().default(null),
  startMs: z.number().int().min(0).nullable().default(null),
});
const summaryPoints = (name: string) =>
  z
    .array(summaryPoint, { error: `${name} must be a list of points.` })
    .max(50, `${name} may hold at most 50 points.`);

/** `PUT /api/meetings/:id/summary`: a person's version of the whole summary. */
export const editSummarySchema = z.strictObject({
  overview: z
    .string({ error: 'overview must be text.' })
    .trim()
    .max(5000, 'overview must be at most 5000 characters.'),
  keyPoints: summaryPoints('keyPoints'),
  decisions: summaryPoints('decisions'),
  openQuestions: summaryPoints('openQuestions'),
});

import { MEETING_TYPES } from '@parley/db';
import { z } from 'zod';

export const createMeetingSchema = z.object({
  title: z
    .string({ error: 'Title is required.' })
    .trim()
    .min(3, 'Title must be at least 3 characters.')
    .max(255, 'Title must be at most 255 characters.'),
  type: z.enum(MEETING_TYPES, { error: `Type must be one of: ${MEETING_TYPES.join(', ')}.` }),
});
export type CreateMeetingInput = z.output<typeof createMeetingSchema>;

export const listMeetingsQuerySchema = z.object({
  limit: z.coerce
    .number({ error: 'Limit must be a number.' })
    .int('Limit must be a whole number.')
    .min(1, 'Limit must be at least 1.')
    .max(100, 'Limit must be at most 100.')
    .default(20),
  cursor: z.string().max(200).optional(),
});

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** True for a UUID string (meeting and user ids). */
export function isUuid(value: string): boolean {
  return UUID.test(value);
}

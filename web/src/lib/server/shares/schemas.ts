// The share-link request body (no server dependencies: the OpenAPI document imports it).
import { z } from 'zod';

/** How long a link lives when the sharer does not say. */
export const SHARE_DEFAULT_DAYS = 30;
export const SHARE_MAX_DAYS = 365;

export const createShareSchema = z.strictObject({
  expiresInDays: z
    .number({ error: 'expiresInDays must be a number of days.' })
    .int('expiresInDays must be a whole number.')
    .min(1, 'expiresInDays must be at least 1.')
    .max(SHARE_MAX_DAYS, `expiresInDays must be at most ${SHARE_MAX_DAYS}.`)
    .default(SHARE_DEFAULT_DAYS),
  transcript: z.boolean({ error: 'transcript must be true or false.' }).default(true),
  recording: z.boolean({ error: 'recording must be true or false.' }).default(false),
});
export type CreateShareInput = z.output<typeof createShareSchema>;

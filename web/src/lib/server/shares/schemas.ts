// The share-link request body (no server dependencies: the OpenAPI document imports it).
import { z } from 'zod';

/** How long a link lives when the sharer does not say. */
export const SHARE_DEFAULT_DAYS = 30;
export const SHARE_MAX_DAYS = 365;
export const SHARE_PASSWORD_MIN = 8;

export const createShareSchema = z.strictObject({
  expiresInDays: z
    .number({ error: 'expiresInDays must be a number of days.' })
    .int('expiresInDays must be a whole number.')
    .min(1, 'expiresInDays must be at least 1.')
    .max(SHARE_MAX_DAYS, `expiresInDays must be at most ${SHARE_MAX_DAYS}.`)
    .default(SHARE_DEFAULT_DAYS),
  transcript: z.boolean({ error: 'transcript must be true or false.' }).default(true),
  recording: z.boolean({ error: 'recording must be true or false.' }).default(false),
  /** Asked before the link shows anything (sent to the people some other way). */
  password: z
    .string({ error: 'password must be text.' })
    .min(SHARE_PASSWORD_MIN, `password must be at least ${SHARE_PASSWORD_MIN} characters.`)
    .max(200, 'password must be at most 200 characters.')
    .optional(),
});
export type CreateShareInput = z.output<typeof createShareSchema>;

/** `POST /api/shares/{token}/unlock`: the link's password. */
export const unlockShareSchema = z.strictObject({
  password: z.string({ error: 'password is required.' }).min(1, 'password is required.').max(200),
});

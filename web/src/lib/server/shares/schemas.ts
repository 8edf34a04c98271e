// The share-link request body (no server dependencies: the OpenAPI document imports it).
import { z } from 'zod';

/** How long a link lives when the sharer does not say. */
export const SHARE_DEFAULT_DAYS = 30;
export const SHARE_MAX_DAYS = 365;
export const SHARE_PASSWORD_MIN = 8;

const expiresInDays = z
  .number({ error: 'expiresInDays must be a number of days.' })
  .int('expiresInDays must be a whole number.')
  .min(1, 'expiresInDays must be at least 1.')
  .max(SHARE_MAX_DAYS, `expiresInDays must be at most ${SHARE_MAX_DAYS}.`);

/** Asked before the link shows anything (sent to the people some other way). */
const password = z
  .string({ error: 'password must be text.' })
  .min(SHARE_PASSWORD_MIN, `password must be at least ${SHARE_PASSWORD_MIN} characters.`)
  .max(200, 'password must be at most 200 characters.');

export const createShareSchema = z.strictObject({
  expiresInDays: expiresInDays.default(SHARE_DEFAULT_DAYS),
  transcript: z.boolean({ error: 'transcript must be true or false.' }).default(true),
  recording: z.boolean({ error: 'recording must be true or false.' }).default(false),
  password: password.optional(),
});
export type CreateShareInput = z.output<typeof createShareSchema>;

/**
 * `PATCH …/shares/{shareId}`: a new lifetime counted from now (an expired link works again), a
 * new password (browsers that gave the old one are asked again) or none (`null`).
 */
export const updateShareSchema = z
  .strictObject({
    expiresInDays: expiresInDays.optional(),
    password: password.nullable().optional(),
  })
  .refine((v) => v.expiresInDays !== undefined || v.password !== undefined, {
    message: 'Give expiresInDays, password or both.',
  });
export type UpdateShareInput = z.output<typeof updateShareSchema>;

/** `POST /api/shares/{token}/unlock`: the link's password. */
export const unlockShareSchema = z.strictObject({
  password: z.string({ error: 'password is required.' }).min(1, 'password is required.').max(200),
});

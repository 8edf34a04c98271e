import { timeZoneSchema } from '@parley/protocol';
import { z } from 'zod';

/** Minimum password length. */
export const PASSWORD_MIN = 10;

/** An email address as typed in a form (trimmed, ≤ 254 characters). */
export const emailSchema = z
  .string({ error: 'Email is required.' })
  .trim()
  .max(254, 'Email is too long.')
  .pipe(z.email({ error: 'Enter a valid email address.' }));

/** A person's display name (shown in meetings and transcripts). */
export const nameSchema = z
  .string({ error: 'Name is required.' })
  .trim()
  .min(1, 'Name is required.')
  .max(100, 'Name must be at most 100 characters.');

export const signupSchema = z.object({
  email: emailSchema,
  password: z
    .string({ error: 'Password is required.' })
    .min(PASSWORD_MIN, `Password must be at least ${PASSWORD_MIN} characters.`)
    .max(1024, 'Password is too long.'),
  name: nameSchema,
  /** The browser's time zone (the sign-up page sends it): when reminders go out. */
  timeZone: timeZoneSchema.optional(),
});
export type SignupInput = z.output<typeof signupSchema>;

export const loginSchema = z.object({
  email: z.string({ error: 'Email is required.' }).trim().min(1, 'Email is required.').max(254),
  password: z.string({ error: 'Password is required.' }).min(1, 'Password is required.').max(1024),
});
export type LoginInput = z.output<typeof loginSchema>;

import { REMINDER_CADENCES, timeZoneSchema } from '@parley/protocol';
import { z } from 'zod';
import { PASSWORD_MIN, emailSchema, nameSchema } from '../auth/schemas.ts';

const newPassword = z
  .string({ error: 'New password is required.' })
  .min(PASSWORD_MIN, `New password must be at least ${PASSWORD_MIN} characters.`)
  .max(1024, 'New password is too long.');

export const changePasswordSchema = z.object({
  currentPassword: z
    .string({ error: 'Current password is required.' })
    .min(1, 'Current password is required.')
    .max(1024),
  newPassword,
});

export const accountSettingsSchema = z
  .object({
    /** Follow-up emails after meetings (summary, action items). */
    followupEmail: z.boolean({ error: 'followupEmail must be true or false.' }).optional(),
    /** Emails of one's overdue and soon-due action items: off, daily (weekdays) or weekly. */
    actionItemReminders: z
      .enum(REMINDER_CADENCES, { error: 'actionItemReminders must be off, daily or weekly.' })
      .optional(),
    /** IANA time zone (null: UTC): when reminders go out, how dates read in emails. */
    timeZone: timeZoneSchema.optional(),
    /** The hour (0–23) reminders come on one's clock; null: the server's. */
    reminderHour: z
      .number({ error: 'reminderHour must be an hour of the day, 0–23, or null.' })
      .int('reminderHour must be a whole hour, 0–23.')
      .min(0, 'reminderHour must be an hour of the day, 0–23.')
      .max(23, 'reminderHour must be an hour of the day, 0–23.')
      .nullable()
      .optional(),
    /** A brief by email before each meeting with a company or person (what happened last time). */
    meetingBriefs: z.boolean({ error: 'meetingBriefs must be true or false.' }).optional(),
    /** Display name, shown from the next meeting on. */
    name: nameSchema.optional(),
  })
  .strict()
  .refine((v) => Object.values(v).some((x) => x !== undefined), {
    error:
      'Give followupEmail, actionItemReminders, reminderHour, meetingBriefs, timeZone or name.',
  });

export const deleteAccountSchema = z.object({
  password: z.string({ error: 'Password is required.' }).min(1, 'Password is required.').max(1024),
});

export const forgotPasswordSchema = z.object({ email: emailSchema });

/** The reset page's form: the new password typed twice. */
export const resetPasswordSchema = z
  .object({
    password: newPassword,
    confirm: z.string({ error: 'Type the new password again.' }).max(1024),
  })
  .refine((v) => v.password === v.confirm, {
    path: ['confirm'],
    error: 'The two passwords differ.',
  });

/** The API's: the emailed link's token and the new password. */
export const confirmPasswordResetSchema = z.object({
  token: z.string({ error: 'Token is required.' }).max(100),
  password: newPassword,
});

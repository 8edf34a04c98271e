import { z } from 'zod';
import { PASSWORD_MIN } from '../auth/schemas.ts';

export const changePasswordSchema = z.object({
  currentPassword: z
    .string({ error: 'Current password is required.' })
    .min(1, 'Current password is required.')
    .max(1024),
  newPassword: z
    .string({ error: 'New password is required.' })
    .min(PASSWORD_MIN, `New password must be at least ${PASSWORD_MIN} characters.`)
    .max(1024, 'New password is too long.'),
});

export const accountSettingsSchema = z
  .object({
    /** Follow-up emails after meetings (summary, action items). */
    followupEmail: z.boolean({ error: 'followupEmail must be true or false.' }),
  })
  .strict();

export const deleteAccountSchema = z.object({
  password: z.string({ error: 'Password is required.' }).min(1, 'Password is required.').max(1024),
});

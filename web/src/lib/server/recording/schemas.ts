import { z } from 'zod';

/** `PUT /api/meetings/{id}/recordings/settings`: the host's recording switch. */
export const recordingSettingsSchema = z.strictObject({
  allowed: z.boolean({ error: 'allowed must be true or false' }),
});

const days = (name: string) =>
  z
    .number({ error: `${name} must be a number of days or null` })
    .int(`${name} must be a whole number of days`)
    .min(1, `${name} must be at least 1 day`)
    .max(3650, `${name} must be at most 3650 days`)
    .nullable();

/** `PUT /api/teams/{id}/retention`: days until recordings / transcripts are deleted (null: kept). */
export const retentionSchema = z.strictObject({
  recordingDays: days('recordingDays'),
  transcriptDays: days('transcriptDays'),
});

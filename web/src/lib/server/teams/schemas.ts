import { STT_PROVIDERS, TEAM_ROLES } from '@parley/protocol';
import { z } from 'zod';
import { emailSchema } from '../auth/schemas.ts';

export const createTeamSchema = z.object({
  name: z
    .string({ error: 'Name is required.' })
    .trim()
    .min(2, 'Name must be at least 2 characters.')
    .max(100, 'Name must be at most 100 characters.'),
});

export const createInviteSchema = z.object({
  role: z.enum(['admin', 'member'], { error: 'Role must be admin or member.' }).default('member'),
  /** Also email the link to this address (needs SMTP_URL). */
  email: emailSchema.optional(),
});

export const acceptInviteSchema = z.object({
  token: z
    .string({ error: 'Token is required.' })
    .regex(/^[A-Za-z0-9_-]{43}$/, 'Token is malformed.'),
});

export const setRoleSchema = z.object({
  role: z.enum(TEAM_ROLES, { error: `Role must be one of: ${TEAM_ROLES.join(', ')}.` }),
});

/** Team settings (owners and admins); null: the server default. */
export const updateTeamSchema = z.strictObject({
  sttProvider: z
    .enum(STT_PROVIDERS, {
      error: `sttProvider must be one of: ${STT_PROVIDERS.join(', ')} (or null).`,
    })
    .nullable(),
});
export type UpdateTeamInput = z.output<typeof updateTeamSchema>;

/** `GET /api/teams/:id/stt-usage?days=N`: the window, counted back from now (default 30). */
export const sttUsageQuerySchema = z.strictObject({
  days: z.coerce
    .number({ error: 'days must be a whole number from 1 to 366.' })
    .int({ error: 'days must be a whole number from 1 to 366.' })
    .min(1, { error: 'days must be a whole number from 1 to 366.' })
    .max(366, { error: 'days must be a whole number from 1 to 366.' })
    .default(30),
});

const WEEKS = 'weeks must be a whole number from 1 to 52.';
export const insightsQuerySchema = z.strictObject({
  weeks: z.coerce
    .number({ error: WEEKS })
    .int({ error: WEEKS })
    .min(1, { error: WEEKS })
    .max(52, { error: WEEKS })
    .default(12),
});

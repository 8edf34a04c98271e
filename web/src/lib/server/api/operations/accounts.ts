/** Accounts, sessions, personal API tokens and teams. */
import {
  apiAccountSettingsSchema,
  apiTeamMemberSchema,
  apiSttUsageSchema,
  apiTeamInsightsSchema,
  apiTeamSchema,
  apiTokenViewSchema,
  apiUserSchema,
  STT_PROVIDERS,
} from '@parley/protocol';
import { z } from 'zod';
import {
  accountSettingsSchema,
  changePasswordSchema,
  confirmPasswordResetSchema,
  deleteAccountSchema,
  forgotPasswordSchema,
} from '../../account/schemas.ts';
import { loginSchema, signupSchema } from '../../auth/schemas.ts';
import { createApiTokenSchema } from '../../auth/api-tokens.ts';
import {
  acceptInviteSchema,
  createInviteSchema,
  createTeamSchema,
  insightsQuerySchema,
  setRoleSchema,
  sttUsageQuerySchema,
  updateTeamSchema,
} from '../../teams/schemas.ts';
import { list, type Operation } from './operation.ts';

export const ACCOUNT_OPERATIONS: Operation[] = [
  {
    method: 'post',
    path: '/api/auth/signup',
    summary: 'Create an account and sign in',
    auth: 'none',
    body: signupSchema,
    ok: [201, z.object({ user: apiUserSchema })],
  },
  {
    method: 'post',
    path: '/api/auth/login',
    summary: 'Sign in (rotates the session)',
    auth: 'none',
    body: loginSchema,
    ok: [200, z.object({ user: apiUserSchema })],
  },
  {
    method: 'post',
    path: '/api/auth/password-reset',
    summary: 'Email a password reset link (202 whether or not the address has an account)',
    auth: 'none',
    body: forgotPasswordSchema,
    ok: [202, z.object({ linkValidMinutes: z.number().int() })],
  },
  {
    method: 'post',
    path: '/api/auth/password-reset/confirm',
    summary: "Set a new password with the link's token and sign in (410: used or expired)",
    auth: 'none',
    body: confirmPasswordResetSchema,
    ok: [200, z.object({ user: apiUserSchema })],
  },
  {
    method: 'post',
    path: '/api/auth/logout',
    summary: 'End this session',
    auth: 'none',
    ok: [204, undefined],
  },
  {
    method: 'post',
    path: '/api/auth/logout-all',
    summary: 'End every session of the user',
    auth: 'user',
    ok: [204, undefined],
  },
  {
    method: 'get',
    path: '/api/me',
    summary: 'The caller (user or guest)',
    auth: 'user_or_guest',
    ok: [
      200,
      z.object({
        user: apiUserSchema.optional(),
        settings: apiAccountSettingsSchema.optional(),
        guest: z
          .object({ identity: z.string(), displayName: z.string(), meetingId: z.uuid() })
          .optional(),
      }),
    ],
  },
  {
    method: 'patch',
    path: '/api/me',
    summary:
      'Change account settings (followupEmail: follow-up emails after meetings; actionItemReminders: off, daily or weekly emails of overdue and soon-due action items; meetingBriefs: a brief by email before meetings with a company or person; timeZone; name)',
    auth: 'user',
    body: accountSettingsSchema,
    ok: [
      200,
      z.object({
        user: apiUserSchema,
        settings: apiAccountSettingsSchema,
      }),
    ],
  },
  {
    method: 'delete',
    path: '/api/me',
    summary: 'Delete the account and its data',
    auth: 'session',
    body: deleteAccountSchema,
    ok: [200, z.object({ deletedMeetings: z.number().int() })],
  },
  {
    method: 'post',
    path: '/api/me/password',
    summary: 'Change the password (ends other sessions)',
    auth: 'session',
    body: changePasswordSchema,
    ok: [204, undefined],
  },
  {
    method: 'get',
    path: '/api/me/tokens',
    summary: 'List personal API tokens',
    auth: 'user',
    ok: [200, list(apiTokenViewSchema)],
  },
  {
    method: 'post',
    path: '/api/me/tokens',
    summary: 'Create a personal API token (secret shown once)',
    auth: 'session',
    body: createApiTokenSchema,
    ok: [201, z.object({ token: z.string(), apiToken: apiTokenViewSchema })],
  },
  {
    method: 'delete',
    path: '/api/me/tokens/{id}',
    summary: 'Revoke a personal API token',
    auth: 'user',
    ok: [204, undefined],
  },
  {
    method: 'get',
    path: '/api/teams',
    summary: "The caller's teams",
    auth: 'user',
    ok: [200, list(apiTeamSchema)],
  },
  {
    method: 'post',
    path: '/api/teams',
    summary: 'Create a team (caller becomes owner)',
    auth: 'user',
    body: createTeamSchema,
    ok: [201, z.object({ team: apiTeamSchema })],
  },
  {
    method: 'get',
    path: '/api/teams/{id}',
    summary: 'A team and its members (owners, admins: which STT providers have a key here)',
    auth: 'user',
    ok: [
      200,
      z.object({
        team: apiTeamSchema,
        members: z.array(apiTeamMemberSchema),
        usableSttProviders: z.array(z.enum(STT_PROVIDERS)).nullable(),
      }),
    ],
  },
  {
    method: 'patch',
    path: '/api/teams/{id}',
    summary: "Change the team's settings (owners, admins): speech-to-text provider",
    auth: 'user',
    body: updateTeamSchema,
    ok: [200, z.object({ team: apiTeamSchema })],
  },
  {
    method: 'get',
    path: '/api/teams/{id}/stt-usage',
    summary: 'Seconds of audio sent to each speech-to-text provider (owners, admins)',
    auth: 'user',
    query: sttUsageQuerySchema,
    ok: [200, apiSttUsageSchema],
  },
  {
    method: 'get',
    path: '/api/teams/{id}/insights',
    summary:
      "Meetings held, action items made and done per week on the caller's clock, and each member's meetings, speech and items (members)",
    auth: 'user',
    query: insightsQuerySchema,
    ok: [200, apiTeamInsightsSchema],
  },
  {
    method: 'delete',
    path: '/api/teams/{id}',
    summary: 'Delete a team (owners)',
    auth: 'user',
    ok: [204, undefined],
  },
  {
    method: 'post',
    path: '/api/teams/{id}/invites',
    summary: 'Single-use expiring invite link (owners, admins), emailed with `email`',
    auth: 'user',
    body: createInviteSchema,
    ok: [
      201,
      z.object({
        token: z.string(),
        path: z.string(),
        url: z.string(),
        expiresAt: z.iso.datetime(),
        role: z.enum(['admin', 'member']),
        email: z
          .object({
            to: z.string(),
            sent: z.boolean(),
            error: z.enum(['refused', 'mail_unavailable']).optional(),
          })
          .optional(),
      }),
    ],
  },
  {
    method: 'patch',
    path: '/api/teams/{id}/members/{userId}',
    summary: "Change a member's role",
    auth: 'user',
    body: setRoleSchema,
    ok: [204, undefined],
  },
  {
    method: 'delete',
    path: '/api/teams/{id}/members/{userId}',
    summary: 'Remove a member, or leave',
    auth: 'user',
    ok: [204, undefined],
  },
  {
    method: 'post',
    path: '/api/invites/accept',
    summary: 'Join a team with an invite token',
    auth: 'user',
    body: acceptInviteSchema,
    ok: [200, z.object({ team: apiTeamSchema })],
  },
];

/**
 * The OpenAPI 3.1 document of the JSON API, generated from the same zod schemas the routes
 * validate requests with (`z.toJSONSchema`). Every route under /api is listed here; a test checks
 * that the list matches the route files.
 */
import {
  apiAttendanceSchema,
  apiChatMessageSchema,
  apiErrorSchema,
  apiGuestLinkSchema,
  apiMeetingSchema,
  apiRecordingListSchema,
  apiRecordingSettingsSchema,
  apiRecordingUrlsSchema,
  apiTeamMemberSchema,
  apiTeamSchema,
  apiTokenViewSchema,
  apiUserSchema,
  joinTokenSchema,
} from '@parley/protocol';
import { z } from 'zod';
import { askSchema, searchQuerySchema } from '../search/schemas.ts';
import { changePasswordSchema, deleteAccountSchema } from '../account/schemas.ts';
import { loginSchema, signupSchema } from '../auth/schemas.ts';
import { createApiTokenSchema } from '../auth/api-tokens.ts';
import { createGuestLinkSchema, guestJoinSchema } from '../guests/index.ts';
import {
  createMeetingSchema,
  listMeetingsQuerySchema,
  moderationSchema,
  tokenRequestSchema,
  updateMeetingSchema,
} from '../meetings/schemas.ts';
import {
  acceptInviteSchema,
  createInviteSchema,
  createTeamSchema,
  setRoleSchema,
  updateTeamSchema,
} from '../teams/schemas.ts';
import { chatPostSchema } from '../chat/index.ts';
import { recordingSettingsSchema, retentionSchema } from '../recording/schemas.ts';

interface Operation {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  path: string;
  summary: string;
  auth: 'none' | 'user' | 'session' | 'user_or_guest' | 'livekit';
  body?: z.ZodType;
  query?: z.ZodObject;
  /** Success status and body schema (undefined: no body). */
  ok: [number, z.ZodType | undefined];
}

const page = (item: z.ZodType) =>
  z.object({ items: z.array(item), nextCursor: z.string().nullable() });
const list = (item: z.ZodType) => z.object({ items: z.array(item) });
const meetingOut = z.object({ meeting: apiMeetingSchema });

export const OPERATIONS: Operation[] = [
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
        guest: z
          .object({ identity: z.string(), displayName: z.string(), meetingId: z.uuid() })
          .optional(),
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
    summary: 'A team and its members',
    auth: 'user',
    ok: [200, z.object({ team: apiTeamSchema, members: z.array(apiTeamMemberSchema) })],
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
    method: 'delete',
    path: '/api/teams/{id}',
    summary: 'Delete a team (owners)',
    auth: 'user',
    ok: [204, undefined],
  },
  {
    method: 'post',
    path: '/api/teams/{id}/invites',
    summary: 'Single-use expiring invite link (owners, admins)',
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
  {
    method: 'get',
    path: '/api/meetings',
    summary: 'Meetings the caller may see, filtered, newest first',
    auth: 'user',
    query: listMeetingsQuerySchema,
    ok: [200, page(apiMeetingSchema)],
  },
  {
    method: 'post',
    path: '/api/meetings',
    summary: 'Create a meeting (checklist prefilled from its type)',
    auth: 'user',
    body: createMeetingSchema,
    ok: [201, meetingOut],
  },
  {
    method: 'get',
    path: '/api/meetings/{id}',
    summary: "A meeting and the caller's role",
    auth: 'user',
    ok: [
      200,
      meetingOut.extend({ access: z.object({ role: z.string(), actions: z.array(z.string()) }) }),
    ],
  },
  {
    method: 'patch',
    path: '/api/meetings/{id}',
    summary: 'Edit a meeting (owner, team admins)',
    auth: 'user',
    body: updateMeetingSchema,
    ok: [200, meetingOut],
  },
  {
    method: 'delete',
    path: '/api/meetings/{id}',
    summary: 'Delete a meeting, its objects and index entries',
    auth: 'user',
    ok: [204, undefined],
  },
  {
    method: 'post',
    path: '/api/meetings/{id}/end',
    summary: 'End the meeting (deletes the LiveKit room)',
    auth: 'user',
    ok: [200, z.object({ meeting: apiMeetingSchema.nullable() })],
  },
  {
    method: 'post',
    path: '/api/meetings/{id}/token',
    summary: 'LiveKit join token (members and guests)',
    auth: 'user_or_guest',
    body: tokenRequestSchema,
    ok: [200, joinTokenSchema],
  },
  {
    method: 'get',
    path: '/api/meetings/{id}/attendance',
    summary: 'Attendance with durations',
    auth: 'user',
    ok: [200, list(apiAttendanceSchema)],
  },
  {
    method: 'get',
    path: '/api/meetings/{id}/chat',
    summary: 'Chat history of the room, oldest first (members; guests get none)',
    auth: 'user_or_guest',
    ok: [200, z.object({ messages: z.array(apiChatMessageSchema) })],
  },
  {
    method: 'post',
    path: '/api/meetings/{id}/chat',
    summary:
      'Store a chat message (≤ 4,000 characters: 413 over, 422 empty; 409 once ended; same id again returns the stored one)',
    auth: 'user_or_guest',
    body: chatPostSchema,
    ok: [201, z.object({ message: apiChatMessageSchema })],
  },
  {
    method: 'get',
    path: '/api/meetings/{id}/guest-links',
    summary: 'Guest links of the meeting',
    auth: 'user',
    ok: [200, list(apiGuestLinkSchema)],
  },
  {
    method: 'post',
    path: '/api/meetings/{id}/guest-links',
    summary: 'Create a guest link (secret shown once)',
    auth: 'user',
    body: createGuestLinkSchema,
    ok: [
      201,
      z.object({ token: z.string(), path: z.string(), url: z.string(), link: apiGuestLinkSchema }),
    ],
  },
  {
    method: 'delete',
    path: '/api/meetings/{id}/guest-links/{linkId}',
    summary: 'Revoke a guest link',
    auth: 'user',
    ok: [204, undefined],
  },
  {
    method: 'post',
    path: '/api/meetings/{id}/participants/{identity}/mute',
    summary: "Mute a participant's microphone (hosts)",
    auth: 'user',
    body: moderationSchema,
    ok: [200, z.object({ ok: z.boolean() })],
  },
  {
    method: 'post',
    path: '/api/meetings/{id}/participants/{identity}/remove',
    summary: 'Remove a participant (hosts)',
    auth: 'user',
    body: moderationSchema,
    ok: [200, z.object({ ok: z.boolean() })],
  },
  {
    method: 'post',
    path: '/api/guest/join',
    summary: 'Guest link + display name → guest session',
    auth: 'none',
    body: guestJoinSchema,
    ok: [
      201,
      z.object({
        guestToken: z.string(),
        meetingId: z.uuid(),
        identity: z.string(),
        expiresAt: z.iso.datetime(),
      }),
    ],
  },
  {
    method: 'get',
    path: '/api/checklists/{type}',
    summary: "A meeting type's template checklist",
    auth: 'user',
    ok: [200, z.unknown()],
  },
  {
    method: 'post',
    path: '/api/livekit/webhook',
    summary: 'LiveKit webhooks (signed; idempotent on the event id)',
    auth: 'livekit',
    ok: [200, z.object({ ok: z.boolean(), outcome: z.string() })],
  },
  {
    method: 'get',
    path: '/api/openapi.json',
    summary: 'This document',
    auth: 'none',
    ok: [200, z.unknown()],
  },
  {
    method: 'get',
    path: '/api/meetings/{id}/recordings',
    summary: 'Recordings of the meeting with their status (members; guests 404)',
    auth: 'user',
    ok: [200, apiRecordingListSchema],
  },
  {
    method: 'put',
    path: '/api/meetings/{id}/recordings/settings',
    summary: "The host's recording switch (owner, team admins); acts at once on a live meeting",
    auth: 'user',
    body: recordingSettingsSchema,
    ok: [200, apiRecordingSettingsSchema],
  },
  {
    method: 'get',
    path: '/api/meetings/{id}/recordings/{recordingId}',
    summary: 'Presigned play and download URLs of a completed recording (≤ 15 min; Range works)',
    auth: 'user',
    ok: [200, apiRecordingUrlsSchema],
  },
  {
    method: 'get',
    path: '/api/meetings/{id}/recordings/{recordingId}/download',
    summary: 'Redirect (303) to a fresh presigned download URL (attachment)',
    auth: 'user',
    ok: [303, undefined],
  },
  {
    method: 'get',
    path: '/api/meetings/{id}/transcript/export/{format}',
    summary: 'The transcript as a file: txt, vtt, srt or md (attachment)',
    auth: 'user',
    ok: [200, z.string()],
  },
  {
    method: 'get',
    path: '/api/teams/{id}/retention',
    summary: 'Days until recordings and transcripts of the team are deleted (null: kept)',
    auth: 'user',
    ok: [200, z.object({ retention: retentionSchema })],
  },
  {
    method: 'put',
    path: '/api/teams/{id}/retention',
    summary: 'Change the retention (owners, admins)',
    auth: 'user',
    body: retentionSchema,
    ok: [200, z.object({ retention: retentionSchema })],
  },
  {
    method: 'get',
    path: '/api/search',
    summary:
      'Search every visible meeting: full-text (websearch syntax) over every match; sort=relevance (default: best match, newest first among equals, + semantic when configured, fused by rank) or sort=newest; hits link to the moment',
    auth: 'user',
    query: searchQuerySchema,
    ok: [200, z.object({ items: z.array(z.unknown()), semantic: z.boolean() })],
  },
  {
    method: 'post',
    path: '/api/ask',
    summary:
      'Ask your meetings: a grounded answer citing visible passages as [n], or the top passages',
    auth: 'user',
    body: askSchema,
    ok: [
      200,
      z.object({
        mode: z.enum(['llm', 'passages']),
        answer: z.string().nullable(),
        passages: z.array(z.unknown()),
        fallback: z.boolean(),
      }),
    ],
  },
  {
    method: 'get',
    path: '/api/meetings/{id}/postmeeting',
    summary: 'Summary, action items, extracted data and the post-meeting progress or failure',
    auth: 'user',
    ok: [200, z.unknown()],
  },
  {
    method: 'post',
    path: '/api/meetings/{id}/postmeeting',
    summary: 'Run the post-meeting steps again (hosts; ended meetings; 409 while running)',
    auth: 'user',
    ok: [202, z.unknown()],
  },
  {
    method: 'get',
    path: '/api/meetings/{id}/postmeeting/export',
    summary: 'Summary, action items and data as Markdown (attachment)',
    auth: 'user',
    ok: [200, z.string()],
  },
];

function schema(s: z.ZodType, io: 'input' | 'output') {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(s, { io, unrepresentable: 'any' });
  return rest;
}

const ERRORS: Record<string, string> = {
  '401': 'Not signed in, or the bearer token / guest session is invalid, expired or revoked',
  '403': 'Signed in but not allowed (or a cross-origin write)',
  '404': 'Unknown id, or a meeting the caller may not see',
  '413': 'Body over 64 KiB',
  '415': 'Body is not application/json',
  '422': 'Validation failed; `fields` names each bad field',
  '429': 'Rate limited; see Retry-After',
};

let cached: unknown;

export function openApiDocument(): unknown {
  if (cached) return cached;
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of OPERATIONS) {
    const params = [...op.path.matchAll(/\{(\w+)\}/g)].map((m) => ({
      name: m[1],
      in: 'path',
      required: true,
      schema: { type: 'string' },
    }));
    if (op.query) {
      for (const [name, s] of Object.entries(op.query.shape)) {
        params.push({
          name,
          in: 'query',
          required: false,
          schema: schema(s as z.ZodType, 'input') as { type: string },
        });
      }
    }
    const errorRef = {
      content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
    };
    const responses: Record<string, unknown> = {
      [String(op.ok[0])]: op.ok[1]
        ? {
            description: 'OK',
            content: { 'application/json': { schema: schema(op.ok[1], 'output') } },
          }
        : { description: 'No content' },
    };
    for (const [code, description] of Object.entries(ERRORS))
      responses[code] = { description, ...errorRef };
    const item = (paths[op.path] ??= {});
    item[op.method] = {
      summary: op.summary,
      operationId: `${op.method}${op.path.replace(/[^A-Za-z0-9]+(.)?/g, (_m, c: string | undefined) => (c ? c.toUpperCase() : ''))}`,
      ...(params.length ? { parameters: params } : {}),
      ...(op.body
        ? {
            requestBody: {
              required: op.method !== 'post' || !op.path.endsWith('/token'),
              content: { 'application/json': { schema: schema(op.body, 'input') } },
            },
          }
        : {}),
      security:
        op.auth === 'none' || op.auth === 'livekit'
          ? []
          : op.auth === 'session'
            ? [{ session: [] }]
            : op.auth === 'user_or_guest'
              ? [{ session: [] }, { bearer: [] }, { guest: [] }]
              : [{ session: [] }, { bearer: [] }],
      responses,
    };
  }
  cached = {
    openapi: '3.1.0',
    info: {
      title: 'Parley API',
      version: '1.0.0',
      description:
        'JSON API of Parley. Errors always have the shape {error:{code,message,fields?}}. Scripts authenticate with a personal API token: `Authorization: Bearer parley_pat_…`.',
    },
    paths,
    components: {
      schemas: { Error: schema(apiErrorSchema, 'output') },
      securitySchemes: {
        session: { type: 'apiKey', in: 'cookie', name: 'parley_session' },
        bearer: {
          type: 'http',
          scheme: 'bearer',
          description: 'Personal API token (parley_pat_…)',
        },
        guest: {
          type: 'http',
          scheme: 'bearer',
          description: 'Guest session token (parley_guest_…) or the parley_guest cookie',
        },
      },
    },
  };
  return cached;
}

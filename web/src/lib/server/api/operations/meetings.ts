/** Meetings: CRUD, joining (tokens, guests), the room (chat, moderation), LiveKit webhooks. */
import {
  apiAttendanceSchema,
  apiChatMessageSchema,
  apiGuestLinkSchema,
  apiMeetingSchema,
  joinTokenSchema,
  roomMicBodySchema,
} from '@parley/protocol';
import { z } from 'zod';
import { createGuestLinkSchema, guestJoinSchema } from '../../guests/index.ts';
import {
  createMeetingSchema,
  listMeetingsQuerySchema,
  moderationSchema,
  tokenRequestSchema,
  updateMeetingSchema,
} from '../../meetings/schemas.ts';
import { chatPostSchema } from '../../chat/index.ts';
import { page, list, meetingOut, type Operation } from './operation.ts';

export const MEETING_OPERATIONS: Operation[] = [
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
    path: '/api/meetings/{id}/participants/{identity}/room-mic',
    summary: 'Mark a shared room microphone (your own; hosts: anyone’s)',
    auth: 'user',
    body: roomMicBodySchema,
    ok: [200, z.object({ roomMic: z.boolean() })],
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
];

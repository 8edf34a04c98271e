/** Meetings, attendance, guest links and join tokens as the API returns them. */
import { z } from 'zod';
import { MEETING_STATUSES, MEETING_TYPES, SUGGESTION_PRIORITIES } from '../enums.ts';

const iso = z.iso.datetime();

/** One checklist item as a meeting keeps it (an editable copy of its type's template). */
export const meetingChecklistItemSchema = z.object({
  id: z.string(),
  title: z.string(),
  description: z.string(),
  keywords: z.array(z.string()),
  priority: z.enum(SUGGESTION_PRIORITIES),
});
export type MeetingChecklistItem = z.output<typeof meetingChecklistItemSchema>;

/** A meeting as the API and pages expose it (camelCase, ISO timestamps). */
export const apiMeetingSchema = z.object({
  id: z.uuid(),
  title: z.string(),
  type: z.enum(MEETING_TYPES),
  status: z.enum(MEETING_STATUSES),
  /** The subject's name (see `subjectId`). */
  subject: z.string().nullable(),
  /** The company or person the meeting is about (`/api/subjects/{id}`). */
  subjectId: z.uuid().nullable(),
  teamId: z.uuid().nullable(),
  roomName: z.string(),
  scheduledAt: iso.nullable(),
  createdAt: iso,
  startedAt: iso.nullable(),
  endedAt: iso.nullable(),
  checklist: z.array(meetingChecklistItemSchema),
  /** BCP-47 tag of the spoken language; null: the server default. */
  language: z.string().nullable(),
  vocabulary: z.array(z.string()),
  /** False: no agent joins and nothing is transcribed. */
  aiEnabled: z.boolean(),
  /** The follow-up email goes to participants with accounts after the meeting (host's switch). */
  followupEmail: z.boolean(),
});
export type ApiMeeting = z.output<typeof apiMeetingSchema>;

export const apiAttendanceSchema = z.object({
  identity: z.string(),
  name: z.string(),
  userId: z.uuid().nullable(),
  guest: z.boolean(),
  joinedAt: iso,
  leftAt: iso.nullable(),
  /** Time in the room so far (until now while still present). */
  durationMs: z.number().int(),
});
export type ApiAttendance = z.output<typeof apiAttendanceSchema>;

export const apiGuestLinkSchema = z.object({
  id: z.uuid(),
  meetingId: z.uuid(),
  expiresAt: iso,
  revokedAt: iso.nullable(),
  createdAt: iso,
  active: z.boolean(),
});
export type ApiGuestLink = z.output<typeof apiGuestLinkSchema>;

/** `POST /api/meetings/{id}/token`: a LiveKit join token. */
export const joinTokenSchema = z.object({
  token: z.string(),
  url: z.string(),
  identity: z.string(),
  expiresInSeconds: z.number().int(),
});
export type JoinToken = z.output<typeof joinTokenSchema>;

/** `POST /api/meetings/{id}/participants/{identity}/hand`: raise or lower a hand. */
export const handBodySchema = z.strictObject({
  raised: z.boolean({ error: 'raised must be true or false' }),
});

/** `POST /api/meetings/{id}/participants/{identity}/room-mic`: mark a shared room microphone. */
export const roomMicBodySchema = z.strictObject({
  roomMic: z.boolean({ error: 'roomMic must be true or false' }),
});

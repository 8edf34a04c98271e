import type { Meeting, MeetingParticipant } from '@parley/db';
import {
  MEETING_STATUSES,
  MEETING_TYPES,
  type MeetingChecklistItem,
  type MeetingStatus,
  type MeetingType,
} from '@parley/protocol';
import { z } from 'zod';

/** A meeting as the API and pages expose it (camelCase, ISO timestamps). */
export interface ApiMeeting {
  id: string;
  title: string;
  type: MeetingType;
  status: MeetingStatus;
  subject: string | null;
  teamId: string | null;
  roomName: string;
  scheduledAt: string | null;
  createdAt: string;
  startedAt: string | null;
  endedAt: string | null;
  checklist: MeetingChecklistItem[];
  /** BCP-47 tag of the spoken language; null: the server default. */
  language: string | null;
  vocabulary: string[];
  /** False: no agent joins and nothing is transcribed. */
  aiEnabled: boolean;
}

const iso = z.iso.datetime();
export const apiMeetingSchema = z.object({
  id: z.uuid(),
  title: z.string(),
  type: z.enum(MEETING_TYPES),
  status: z.enum(MEETING_STATUSES),
  subject: z.string().nullable(),
  teamId: z.uuid().nullable(),
  roomName: z.string(),
  scheduledAt: iso.nullable(),
  createdAt: iso,
  startedAt: iso.nullable(),
  endedAt: iso.nullable(),
  checklist: z.array(
    z.object({
      id: z.string(),
      title: z.string(),
      description: z.string(),
      keywords: z.array(z.string()),
      priority: z.enum(['critical', 'important', 'follow_up']),
    }),
  ),
  language: z.string().nullable(),
  vocabulary: z.array(z.string()),
  aiEnabled: z.boolean(),
});

/** Serializes a meeting row. */
export function toApiMeeting(m: Meeting): ApiMeeting {
  return {
    id: m.id,
    title: m.title,
    type: m.type,
    status: m.status,
    subject: m.subject,
    teamId: m.team_id,
    roomName: m.room_name,
    scheduledAt: m.scheduled_at ? m.scheduled_at.toISOString() : null,
    createdAt: m.created_at.toISOString(),
    startedAt: m.started_at ? m.started_at.toISOString() : null,
    endedAt: m.ended_at ? m.ended_at.toISOString() : null,
    checklist: m.checklist,
    language: m.language,
    vocabulary: m.vocabulary,
    aiEnabled: m.ai_enabled,
  };
}

export interface ApiAttendance {
  identity: string;
  name: string;
  userId: string | null;
  guest: boolean;
  joinedAt: string;
  leftAt: string | null;
  /** Time in the room so far (until now while still present). */
  durationMs: number;
}

export const apiAttendanceSchema = z.object({
  identity: z.string(),
  name: z.string(),
  userId: z.uuid().nullable(),
  guest: z.boolean(),
  joinedAt: iso,
  leftAt: iso.nullable(),
  durationMs: z.number().int(),
});

export function toApiAttendance(p: MeetingParticipant, now = new Date()): ApiAttendance {
  const end = p.left_at ?? now;
  return {
    identity: p.identity,
    name: p.name,
    userId: p.user_id,
    guest: p.identity.startsWith('guest-'),
    joinedAt: p.joined_at.toISOString(),
    leftAt: p.left_at ? p.left_at.toISOString() : null,
    durationMs: Math.max(0, end.getTime() - p.joined_at.getTime()),
  };
}

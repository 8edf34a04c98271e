import type { Meeting, MeetingParticipant } from '@parley/db';
import { isGuestIdentity, type ApiAttendance, type ApiMeeting } from '@parley/protocol';

/** Serializes a meeting row. */
export function toApiMeeting(m: Meeting): ApiMeeting {
  return {
    id: m.id,
    title: m.title,
    type: m.type,
    status: m.status,
    subject: m.subject,
    subjectId: m.subject_id,
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
    followupEmail: m.followup_email,
  };
}

export function toApiAttendance(p: MeetingParticipant, now = new Date()): ApiAttendance {
  const end = p.left_at ?? now;
  return {
    identity: p.identity,
    name: p.name,
    userId: p.user_id,
    guest: isGuestIdentity(p.identity),
    joinedAt: p.joined_at.toISOString(),
    leftAt: p.left_at ? p.left_at.toISOString() : null,
    durationMs: Math.max(0, end.getTime() - p.joined_at.getTime()),
  };
}

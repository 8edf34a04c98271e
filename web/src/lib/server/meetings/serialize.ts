import type { Meeting, MeetingStatus, MeetingType } from '@parley/db';

/** A meeting as the API and pages expose it (camelCase, ISO timestamps). */
export interface ApiMeeting {
  id: string;
  title: string;
  type: MeetingType;
  status: MeetingStatus;
  roomName: string;
  createdAt: string;
  startedAt: string | null;
  endedAt: string | null;
}

/** Serializes a meeting row. */
export function toApiMeeting(m: Meeting): ApiMeeting {
  return {
    id: m.id,
    title: m.title,
    type: m.type,
    status: m.status,
    roomName: m.room_name,
    createdAt: m.created_at.toISOString(),
    startedAt: m.started_at ? m.started_at.toISOString() : null,
    endedAt: m.ended_at ? m.ended_at.toISOString() : null,
  };
}

/** Human labels for meeting types. */
export const MEETING_TYPE_LABELS: Record<MeetingType, string> = {
  investment_screening: 'Investment screening',
  mentoring: 'Mentoring',
  sales: 'Sales',
  product_review: 'Product review',
  general: 'General',
};

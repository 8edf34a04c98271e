import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

/** Timestamps come back as Date and may be written as Date or ISO string. */
type Timestamp = ColumnType<Date, Date | string, Date | string>;
type CreatedAt = ColumnType<Date, Date | string | undefined, never>;

export const MEETING_TYPES = [
  'investment_screening',
  'mentoring',
  'sales',
  'product_review',
  'general',
] as const;
export type MeetingType = (typeof MEETING_TYPES)[number];

export const MEETING_STATUSES = ['scheduled', 'live', 'ended'] as const;
export type MeetingStatus = (typeof MEETING_STATUSES)[number];

export interface UsersTable {
  id: Generated<string>;
  email: string;
  name: string;
  password_hash: string;
  created_at: CreatedAt;
}

export interface SessionsTable {
  /** SHA-256 (hex) of the session token; the token itself is only in the cookie. */
  id: string;
  user_id: string;
  created_at: CreatedAt;
  last_seen_at: Timestamp;
  expires_at: Timestamp;
}

export interface MeetingsTable {
  id: Generated<string>;
  title: string;
  type: MeetingType;
  status: Generated<MeetingStatus>;
  owner_id: string;
  /** LiveKit room name; unique. */
  room_name: string;
  created_at: CreatedAt;
  started_at: Timestamp | null;
  ended_at: Timestamp | null;
}

export interface MeetingParticipantsTable {
  id: Generated<string>;
  meeting_id: string;
  /** LiveKit participant identity (user id for members). */
  identity: string;
  participant_sid: string;
  name: string;
  user_id: string | null;
  joined_at: Timestamp;
  left_at: Timestamp | null;
}

export interface TranscriptSegmentsTable {
  id: Generated<string>;
  meeting_id: string;
  /** Stable id, unique per meeting: derived from the track and the start time. */
  segment_id: string;
  speaker_identity: string;
  speaker_name: string;
  track_id: string;
  text: string;
  /** Milliseconds from the meeting's start. */
  start_ms: number;
  end_ms: number;
  /** Wall-clock time the speech started. */
  spoken_at: Timestamp;
  language: string | null;
  created_at: CreatedAt;
}

export interface WebhookEventsTable {
  /** LiveKit's event id; a replay of the same id is ignored. */
  id: string;
  event: string;
  room_name: string | null;
  received_at: CreatedAt;
}

export interface Database {
  users: UsersTable;
  sessions: SessionsTable;
  meetings: MeetingsTable;
  meeting_participants: MeetingParticipantsTable;
  transcript_segments: TranscriptSegmentsTable;
  webhook_events: WebhookEventsTable;
}

export type User = Selectable<UsersTable>;
export type NewUser = Insertable<UsersTable>;
export type Session = Selectable<SessionsTable>;
export type Meeting = Selectable<MeetingsTable>;
export type NewMeeting = Insertable<MeetingsTable>;
export type MeetingUpdate = Updateable<MeetingsTable>;
export type MeetingParticipant = Selectable<MeetingParticipantsTable>;
export type TranscriptSegment = Selectable<TranscriptSegmentsTable>;
export type NewTranscriptSegment = Insertable<TranscriptSegmentsTable>;

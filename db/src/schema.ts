import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';
import type {
  ActionItemReview,
  ActionItemSource,
  ActionItemStatus,
  CoverageState,
  ImportError,
  ImportFormat,
  ImportStatus,
  MeetingChecklistItem,
  MeetingStatus,
  MeetingType,
  RecordingSource,
  ReminderCadence,
  RecordingStatus,
  SttProvider,
  SuggestionCategory,
  SubjectKind,
  SuggestionPriority,
  TeamRole,
  TranscriptEditKind,
} from '@parley/protocol';
import type {
  CalendarEventsTable,
  MeetingInviteesTable,
  CalendarSubscriptionsTable,
  WebhookDeliveriesTable,
  WebhookEndpointsTable,
} from './schema-integrations.ts';

/** Timestamps come back as Date and may be written as Date or ISO string. */
type Timestamp = ColumnType<Date, Date | string, Date | string>;
type CreatedAt = ColumnType<Date, Date | string | undefined, never>;

/** jsonb: read as the parsed value, written as a JSON string. */
type Json<T> = ColumnType<T, string, string>;

export interface UsersTable {
  id: Generated<string>;
  email: string;
  name: string;
  password_hash: string;
  created_at: CreatedAt;
  /** Sends the follow-up email after meetings (turned off in the account or by unsubscribing). */
  followup_email: Generated<boolean>;
  /** How often the user is emailed their overdue and soon-due action items. */
  action_item_reminders: Generated<ReminderCadence>;
  /** IANA time zone (null: UTC): when reminders go out, how dates read in emails. */
  time_zone: string | null;
  /** The hour (0–23, their clock) reminders come; null: the deployment's ACTION_ITEM_REMINDER_HOUR. */
  reminder_hour: number | null;
  /** Emails the user a brief (what happened last time with the subject) before their meetings. */
  meeting_briefs: Generated<boolean>;
}

export interface SessionsTable {
  /** SHA-256 (hex) of the session token; the token itself is only in the cookie. */
  id: string;
  user_id: string;
  created_at: CreatedAt;
  last_seen_at: Timestamp;
  /** Idle deadline (slides forward while the session is used). */
  expires_at: Timestamp;
  /** Hard deadline from login; null only for sessions from before it existed. */
  absolute_expires_at: Timestamp | null;
}

/** A password reset link sent by email: usable once, until it expires. */
export interface PasswordResetsTable {
  /** SHA-256 (hex) of the emailed token; the token itself is only in the email. */
  id: string;
  user_id: string;
  created_at: CreatedAt;
  expires_at: Timestamp;
  used_at: Timestamp | null;
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
  team_id: string | null;
  /**
   * The name of the meeting's subject (`subject_id`), copied when linked, renamed or merged; kept
   * for text filters and prompts. Write it only through the subject queries.
   */
  subject: string | null;
  /** The company or person the meeting is about: a subject of the meeting's own scope. */
  subject_id: string | null;
  scheduled_at: Timestamp | null;
  checklist: ColumnType<MeetingChecklistItem[], string | undefined, string>;
  /** Language of speech (BCP-47); null means the server default. */
  language: string | null;
  /** Words the recogniser should know: names, product terms. */
  vocabulary: Generated<string[]>;
  /** False for a "no AI" meeting: no agent joins, nothing is transcribed. */
  ai_enabled: Generated<boolean>;
  /** The host allows recording (off by default); a recording runs only while this is true. */
  recording_allowed: Generated<boolean>;
  /** The host lets Parley send the follow-up email to participants (on by default). */
  followup_email: Generated<boolean>;
  /** Which sending of the follow-up email is current: 1, then one more each time a host resends. */
  followup_round: Generated<number>;
  /** When a host last asked for the follow-up email again (null: never). */
  followup_resent_at: Timestamp | null;
  /** The link of the calendar event this meeting came from (http/https only), if any. */
  event_url: string | null;
}

export interface TeamsTable {
  id: Generated<string>;
  name: string;
  created_at: CreatedAt;
  /** Speech-to-text provider for the team's meetings; null means the server default. */
  stt_provider: SttProvider | null;
  /** Recordings are deleted this many days after they started (null: kept). Default 30. */
  recording_retention_days: Generated<number | null>;
  /** Transcripts are deleted this many days after the meeting (null: kept, the default). */
  transcript_retention_days: Generated<number | null>;
}

/** Audio a meeting sent to a speech-to-text provider (the agent adds to it as it goes). */
export interface SttUsageTable {
  meeting_id: string;
  provider: string;
  /** bigint, read as a number (`client.ts` parses int8). */
  audio_ms: number;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

/** An imported recording of a meeting and its transcription job's progress. */
export interface MeetingImportsTable {
  meeting_id: string;
  /** Object key of the uploaded file, under `meetings/<meeting id>/`. */
  object_key: string;
  format: ImportFormat;
  /** bigint, read as a number (`client.ts` parses int8). */
  size_bytes: number;
  /** Speaker names, one per channel (null: the channels are mixed into one speaker). */
  speakers: ColumnType<string[] | null, string | null | undefined, string | null>;
  created_by: string | null;
  status: Generated<ImportStatus>;
  duration_ms: number | null;
  processed_ms: Generated<number>;
  eta_seconds: number | null;
  error: ImportError | null;
  attempts: Generated<number>;
  created_at: CreatedAt;
  started_at: Timestamp | null;
  finished_at: Timestamp | null;
}

export interface TeamMembersTable {
  team_id: string;
  user_id: string;
  role: TeamRole;
  created_at: CreatedAt;
}

export interface TeamInvitesTable {
  id: Generated<string>;
  team_id: string;
  /** SHA-256 (hex) of the invite token; the token is only in the link. */
  token_hash: string;
  role: Exclude<TeamRole, 'owner'>;
  created_by: string | null;
  expires_at: Timestamp;
  used_at: Timestamp | null;
  used_by: string | null;
  created_at: CreatedAt;
}

export interface GuestLinksTable {
  id: Generated<string>;
  meeting_id: string;
  token_hash: string;
  created_by: string | null;
  expires_at: Timestamp;
  revoked_at: Timestamp | null;
  created_at: CreatedAt;
}

/** A read-only share link of a meeting (its recap, and what the sharer chose to include). */
export interface MeetingSharesTable {
  id: Generated<string>;
  meeting_id: string;
  /** SHA-256 (hex) of the link's secret. */
  token_hash: string;
  created_by: string | null;
  created_at: CreatedAt;
  expires_at: Timestamp;
  revoked_at: Timestamp | null;
  include_transcript: boolean;
  include_recording: boolean;
  view_count: Generated<number>;
  last_viewed_at: Timestamp | null;
  /** argon2id of the password the link asks for; null: anyone with the link. */
  password_hash: string | null;
}

/** A moment someone marked during a meeting, with an optional note. */
export interface MeetingHighlightsTable {
  id: Generated<string>;
  meeting_id: string;
  /** ms from the meeting's start. */
  at_ms: number;
  /** Who marked it (null once their account is gone; `author_name` stays). */
  user_id: string | null;
  author_name: string;
  note: string | null;
  created_at: CreatedAt;
}

export interface GuestSessionsTable {
  /** SHA-256 (hex) of the guest session token. */
  id: string;
  guest_link_id: string;
  meeting_id: string;
  /** LiveKit identity (`guest-<uuid>`). */
  identity: string;
  display_name: string;
  created_at: CreatedAt;
  expires_at: Timestamp;
}

export interface ApiTokensTable {
  id: Generated<string>;
  user_id: string;
  name: string;
  token_hash: string;
  /** First characters of the token, shown in listings. */
  prefix: string;
  created_at: CreatedAt;
  last_used_at: Timestamp | null;
  expires_at: Timestamp | null;
  revoked_at: Timestamp | null;
}

export interface MeetingTracksTable {
  id: Generated<string>;
  meeting_id: string;
  participant_sid: string;
  participant_identity: string;
  track_sid: string;
  kind: string;
  source: string;
  published_at: Timestamp;
}

export interface MeetingEgressTable {
  egress_id: string;
  meeting_id: string;
  status: string;
  /** The last EgressInfo received (as JSON). */
  info: Json<unknown>;
  started_at: Timestamp | null;
  ended_at: Timestamp | null;
  updated_at: Timestamp;
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
  /** Counts text edits; an edit names the version it started from (stale: refused). */
  version: Generated<number>;
  /** Who the line belongs to for naming; null: `speaker_identity` (a diarizer may set `id#2`). */
  speaker_key: string | null;
}

/** The display name of a speaker for a whole meeting (`speaker_name` on its segments follows). */
export interface MeetingSpeakersTable {
  meeting_id: string;
  speaker_key: string;
  display_name: string;
  /** The member this speaker is, when one was chosen. */
  user_id: string | null;
  updated_by: string | null;
  updated_at: Generated<Timestamp>;
}

/** One correction: who, when, what kind, before and after (JSON of the lines involved). */
export interface TranscriptEditsTable {
  id: Generated<string>;
  meeting_id: string;
  kind: TranscriptEditKind;
  segment_id: string | null;
  /** The line a split created or a merge absorbed. */
  related_segment_id: string | null;
  speaker_key: string | null;
  user_id: string | null;
  before: Json<unknown>;
  after: Json<unknown>;
  created_at: CreatedAt;
}

export interface WebhookEventsTable {
  /** LiveKit's event id; a replay of the same id is ignored. */
  id: string;
  event: string;
  room_name: string | null;
  received_at: CreatedAt;
}

/** A stored suggestion's status (`new` is shown as `active` in rooms). */
export const STORED_SUGGESTION_STATUSES = ['new', 'asked', 'dismissed', 'pinned'] as const;
export type StoredSuggestionStatus = (typeof STORED_SUGGESTION_STATUSES)[number];

export interface SuggestionsTable {
  meeting_id: string;
  id: string;
  text: string;
  priority: SuggestionPriority;
  reason: string;
  category: SuggestionCategory;
  checklist_item_id: string | null;
  source: string;
  template_version: string;
  status: Generated<StoredSuggestionStatus>;
  /** Participant identity that set the status last, or 'speech' when it was asked aloud. */
  status_by: string | null;
  status_at: Timestamp | null;
  /** The segment that asked it aloud (or covered its checklist item), when speech did. */
  status_segment_id: string | null;
  /** The past meeting a suggestion built on memory follows up on, and the moment in it. */
  cites_meeting_id: string | null;
  cites_start_ms: number | null;
  created_at: CreatedAt;
}

export interface ChecklistCoverageTable {
  meeting_id: string;
  item_id: string;
  state: CoverageState;
  segment_ids: Generated<string[]>;
  updated_at: Generated<Date>;
}

export type CoverageStateName = ChecklistCoverageTable['state'];

/** One state change of a checklist item and the segment that caused it. */
export interface ChecklistCoverageChangesTable {
  id: Generated<string>;
  meeting_id: string;
  item_id: string;
  from_state: CoverageStateName;
  to_state: CoverageStateName;
  segment_id: string;
  created_at: CreatedAt;
}

export const FOLLOWUP_EMAIL_STATUSES = ['pending', 'sent', 'bounced', 'failed'] as const;
export type FollowupEmailStatus = (typeof FOLLOWUP_EMAIL_STATUSES)[number];

/** Delivery of one meeting's follow-up email to one user. */
export interface FollowupEmailsTable {
  meeting_id: string;
  user_id: string;
  status: Generated<FollowupEmailStatus>;
  attempts: Generated<number>;
  /** A short code (`smtp_550`, `connection`…), never the server's text. */
  error: string | null;
  message_id: string | null;
  sent_at: Timestamp | null;
  /** The round (`meetings.followup_round`) this record is about. */
  round: Generated<number>;
  created_at: CreatedAt;
  updated_at: Generated<Date>;
}

export const REMINDER_EMAIL_STATUSES = [
  'sending',
  'pending',
  'sent',
  'bounced',
  'failed',
  'empty',
] as const;
export type ReminderEmailStatus = (typeof REMINDER_EMAIL_STATUSES)[number];

/**
 * One user's action-item reminder for one period (the day, or the Monday of the week): the claim
 * a worker takes before sending (`sending`), then what became of it. `empty`: nothing was due
 * among the meetings the user may still see, so nothing was sent.
 */
export interface ActionItemRemindersTable {
  user_id: string;
  /** Date only (YYYY-MM-DD); read as a string. */
  period: ColumnType<string, string, string>;
  status: ReminderEmailStatus;
  attempts: Generated<number>;
  /** A short code (`smtp_550`, `connection`…), never the server's text. */
  error: string | null;
  message_id: string | null;
  item_count: number | null;
  claimed_at: Timestamp;
  sent_at: Timestamp | null;
}

/**
 * One person's brief email for one meeting at one scheduled time: the claim a worker takes before
 * sending (`sending`), then what became of it. `empty`: nothing to recall (the first meeting with
 * the subject), so nothing was sent.
 */
export interface MeetingBriefEmailsTable {
  meeting_id: string;
  user_id: string;
  scheduled_for: Timestamp;
  status: ReminderEmailStatus;
  attempts: Generated<number>;
  /** A short code (`smtp_550`, `connection`…), never the server's text. */
  error: string | null;
  message_id: string | null;
  claimed_at: Timestamp;
  sent_at: Timestamp | null;
}

export interface ChatMessagesTable {
  /** Chosen by the sender (a UUID), so a retried send is not stored twice. */
  id: string;
  meeting_id: string;
  /** LiveKit identity of the sender (user id for members, guest identity for guests). */
  sender_identity: string;
  sender_name: string;
  user_id: string | null;
  /** Markdown source, 1–4,000 characters; rendered escaped, never as HTML. */
  content: string;
  created_at: CreatedAt;
}

export const POSTMEETING_RUN_STATUSES = ['queued', 'running', 'done', 'failed'] as const;
export type PostmeetingRunStatus = (typeof POSTMEETING_RUN_STATUSES)[number];

/** One step's record inside a post-meeting run. */
export interface PostmeetingStepRecord {
  status: 'running' | 'done' | 'failed';
  /** Duration of the last attempt (ms). */
  ms?: number;
  /** Which engine produced the result (`llm`, `extractive`, `rules`, `none`, …). */
  source?: string;
  /** Attempts that reached this step. */
  attempts: number;
}

export interface PostmeetingRunsTable {
  meeting_id: string;
  run: number;
  status: Generated<PostmeetingRunStatus>;
  step: string | null;
  steps: ColumnType<Record<string, PostmeetingStepRecord>, string | undefined, string>;
  warnings: ColumnType<string[], string | undefined, string>;
  error: string | null;
  attempts: Generated<number>;
  completions: Generated<number>;
  /** What queued it: `room_finished`, `meeting_ended`, `rerun`, `cli`. */
  trigger: string;
  requested_by: string | null;
  queued_at: Generated<Date>;
  started_at: Timestamp | null;
  finished_at: Timestamp | null;
}

/** A summary point pointing at the moment it came from. */
export interface SummaryPoint {
  text: string;
  segmentId: string | null;
  startMs: number | null;
}

export interface MeetingSummariesTable {
  meeting_id: string;
  run: number;
  source: 'llm' | 'extractive';
  overview: string;
  key_points: Json<SummaryPoint[]>;
  decisions: Json<SummaryPoint[]>;
  open_questions: Json<SummaryPoint[]>;
  updated_at: Generated<Date>;
  /** A person's last edit (null: as the pipeline wrote it); re-runs keep an edited summary. */
  edited_at: Timestamp | null;
  edited_by: string | null;
  /** The pipeline's latest version (what a revert restores); null only before it wrote one. */
  machine: Json<SummaryContent> | null;
}

/** What a summary says (the pipeline's or a person's). */
export interface SummaryContent {
  overview: string;
  keyPoints: SummaryPoint[];
  decisions: SummaryPoint[];
  openQuestions: SummaryPoint[];
}

export interface ActionItemsTable {
  id: Generated<string>;
  meeting_id: string;
  /** Order in the meeting's list (not unique: kept items and a re-run's new ones interleave). */
  position: number;
  run: number;
  text: string;
  owner_identity: string | null;
  owner_name: string | null;
  /** Date only (YYYY-MM-DD); read as a string. */
  due_date: ColumnType<string | null, string | null, string | null>;
  due_text: string | null;
  segment_id: string | null;
  start_ms: number | null;
  source: ActionItemSource;
  status: Generated<ActionItemStatus>;
  done_at: Timestamp | null;
  review: Generated<ActionItemReview>;
  /** Last edit by a person (text, assignee, due date); null while untouched. */
  edited_at: Timestamp | null;
  edited_by: string | null;
  /** The text the pipeline wrote (null for people's own items): how a re-run recognises it. */
  machine_text: string | null;
  created_at: CreatedAt;
}

/** A company or person meetings are about; owned by a team, or by one user when it has none. */
export interface SubjectsTable {
  id: Generated<string>;
  name: string;
  kind: SubjectKind | null;
  /** Creator; the only owner of a personal subject (no team). */
  owner_id: string;
  team_id: string | null;
  created_at: CreatedAt;
  updated_at: Generated<Date>;
}

export interface MeetingExtractionsTable {
  meeting_id: string;
  field_id: string;
  run: number;
  label: string;
  type: string;
  value: string;
  unit: string | null;
  segment_id: string | null;
  start_ms: number | null;
  source: 'llm' | 'rules';
}

/** One stored part of a multipart upload. */
export interface RecordingPart {
  part: number;
  etag: string;
  size: number;
}

export interface RecordingsTable {
  id: Generated<string>;
  meeting_id: string;
  mode: RecordingSource;
  status: RecordingStatus;
  /** LiveKit egress id (egress mode). */
  egress_id: string | null;
  /** Object key in the bucket, under `meetings/<meeting id>/`. */
  object_key: string;
  content_type: Generated<string>;
  /** Multipart upload in progress (agent mode); null once completed or aborted. */
  upload_id: string | null;
  parts: ColumnType<RecordingPart[], string | undefined, string>;
  duration_ms: number | null;
  /** bigint, read as a number (`client.ts` parses int8). */
  size_bytes: ColumnType<number | null, number | null | undefined, number | null>;
  /** A short code (`egress_failed`, `s3_unavailable`, `corrupted_upload`…), never raw text. */
  error: string | null;
  started_at: ColumnType<Date, Date | string | undefined, Date | string>;
  ended_at: Timestamp | null;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface Database {
  subjects: SubjectsTable;
  postmeeting_runs: PostmeetingRunsTable;
  meeting_summaries: MeetingSummariesTable;
  action_items: ActionItemsTable;
  action_item_reminders: ActionItemRemindersTable;
  meeting_brief_emails: MeetingBriefEmailsTable;
  meeting_extractions: MeetingExtractionsTable;
  chat_messages: ChatMessagesTable;
  suggestions: SuggestionsTable;
  checklist_coverage: ChecklistCoverageTable;
  checklist_coverage_changes: ChecklistCoverageChangesTable;
  followup_emails: FollowupEmailsTable;
  users: UsersTable;
  sessions: SessionsTable;
  password_resets: PasswordResetsTable;
  meetings: MeetingsTable;
  meeting_participants: MeetingParticipantsTable;
  transcript_segments: TranscriptSegmentsTable;
  meeting_speakers: MeetingSpeakersTable;
  transcript_edits: TranscriptEditsTable;
  webhook_events: WebhookEventsTable;
  teams: TeamsTable;
  team_members: TeamMembersTable;
  team_invites: TeamInvitesTable;
  guest_links: GuestLinksTable;
  guest_sessions: GuestSessionsTable;
  meeting_shares: MeetingSharesTable;
  meeting_highlights: MeetingHighlightsTable;
  api_tokens: ApiTokensTable;
  meeting_tracks: MeetingTracksTable;
  meeting_egress: MeetingEgressTable;
  recordings: RecordingsTable;
  stt_usage: SttUsageTable;
  meeting_imports: MeetingImportsTable;
  webhook_endpoints: WebhookEndpointsTable;
  webhook_deliveries: WebhookDeliveriesTable;
  calendar_subscriptions: CalendarSubscriptionsTable;
  calendar_events: CalendarEventsTable;
  meeting_invitees: MeetingInviteesTable;
}

export type User = Selectable<UsersTable>;
export type NewUser = Insertable<UsersTable>;
export type Session = Selectable<SessionsTable>;
export type Meeting = Selectable<MeetingsTable>;
export type NewMeeting = Insertable<MeetingsTable>;
export type MeetingUpdate = Updateable<MeetingsTable>;
export type MeetingParticipant = Selectable<MeetingParticipantsTable>;
export type MeetingImport = Selectable<MeetingImportsTable>;
export type TranscriptSegment = Selectable<TranscriptSegmentsTable>;
export type NewTranscriptSegment = Insertable<TranscriptSegmentsTable>;
export type MeetingSpeaker = Selectable<MeetingSpeakersTable>;
export type TranscriptEdit = Selectable<TranscriptEditsTable>;
export type Team = Selectable<TeamsTable>;
export type TeamMember = Selectable<TeamMembersTable>;
export type TeamInvite = Selectable<TeamInvitesTable>;
export type GuestLink = Selectable<GuestLinksTable>;
export type GuestSession = Selectable<GuestSessionsTable>;
export type MeetingShare = Selectable<MeetingSharesTable>;
export type MeetingHighlight = Selectable<MeetingHighlightsTable>;
export type ApiToken = Selectable<ApiTokensTable>;
export type MeetingEgress = Selectable<MeetingEgressTable>;
export type ChatMessage = Selectable<ChatMessagesTable>;
export type NewChatMessage = Insertable<ChatMessagesTable>;
export type PostmeetingRun = Selectable<PostmeetingRunsTable>;
export type MeetingSummary = Selectable<MeetingSummariesTable>;
export type ActionItem = Selectable<ActionItemsTable>;
export type MeetingExtraction = Selectable<MeetingExtractionsTable>;
export type Recording = Selectable<RecordingsTable>;
export type Subject = Selectable<SubjectsTable>;

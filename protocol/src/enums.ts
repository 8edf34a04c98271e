/**
 * Value sets shared by the database, the API, the agent and the room UI. Each is defined here
 * only; the database columns, zod schemas and wire messages are typed from these.
 */

export const MEETING_TYPES = [
  'investment_screening',
  'mentoring',
  'sales',
  'product_review',
  'general',
] as const;
export type MeetingType = (typeof MEETING_TYPES)[number];

export const MEETING_TYPE_LABELS: Readonly<Record<MeetingType, string>> = {
  investment_screening: 'Investment screening',
  mentoring: 'Mentoring',
  sales: 'Sales',
  product_review: 'Product review',
  general: 'General',
};

export function isMeetingType(type: string): type is MeetingType {
  return Object.hasOwn(MEETING_TYPE_LABELS, type);
}

/** The label of a meeting type; unknown types read as General. */
export function meetingTypeLabel(type: string): string {
  return isMeetingType(type) ? MEETING_TYPE_LABELS[type] : MEETING_TYPE_LABELS.general;
}

export const MEETING_STATUSES = ['scheduled', 'live', 'ended'] as const;
export type MeetingStatus = (typeof MEETING_STATUSES)[number];

export const TEAM_ROLES = ['owner', 'admin', 'member'] as const;
export type TeamRole = (typeof TEAM_ROLES)[number];

/**
 * Speech-to-text provider a team may choose for its meetings (keys are per deployment): batch
 * `local` and `openai`, streaming `deepgram` and `openai-realtime`.
 */
export const STT_PROVIDERS = ['local', 'openai', 'deepgram', 'openai-realtime'] as const;
export type SttProvider = (typeof STT_PROVIDERS)[number];

/** Priority of a checklist item and of a suggested question. */
export const SUGGESTION_PRIORITIES = ['critical', 'important', 'follow_up'] as const;
export type SuggestionPriority = (typeof SUGGESTION_PRIORITIES)[number];

/** Category of a checklist item's question and of a suggested question. */
export const SUGGESTION_CATEGORIES = ['metrics', 'team', 'strategy', 'risk', 'other'] as const;
export type SuggestionCategory = (typeof SUGGESTION_CATEGORIES)[number];

/** `active`: shown; `asked`: someone asked it (aloud or by marking it); `dismissed`; `pinned`. */
export const SUGGESTION_STATUSES = ['active', 'asked', 'dismissed', 'pinned'] as const;
export type SuggestionStatus = (typeof SUGGESTION_STATUSES)[number];

/** Where a checklist item stands in a meeting. */
export const COVERAGE_STATES = ['not_discussed', 'discussed', 'asked', 'answered'] as const;
export type CoverageState = (typeof COVERAGE_STATES)[number];

/** `egress`: LiveKit Egress records the room; `agent`: the agent mixes and uploads it. */
export const RECORDING_MODES = ['egress', 'agent'] as const;
export type RecordingMode = (typeof RECORDING_MODES)[number];

/** Where a recording's audio came from: a recording mode, or `import` (a file a member uploaded). */
export const RECORDING_SOURCES = [...RECORDING_MODES, 'import'] as const;
export type RecordingSource = (typeof RECORDING_SOURCES)[number];

export const RECORDING_STATUSES = ['recording', 'completed', 'failed'] as const;
export type RecordingStatus = (typeof RECORDING_STATUSES)[number];

/** A subject: the company or person meetings are about. */
export const SUBJECT_KINDS = ['company', 'person'] as const;
export type SubjectKind = (typeof SUBJECT_KINDS)[number];

export const ACTION_ITEM_STATUSES = ['open', 'done'] as const;
export type ActionItemStatus = (typeof ACTION_ITEM_STATUSES)[number];
/** Review of a machine-made action item (people's own items are `accepted`). */
export const ACTION_ITEM_REVIEWS = ['pending', 'accepted', 'rejected'] as const;
export type ActionItemReview = (typeof ACTION_ITEM_REVIEWS)[number];
/** How often a person is emailed their action items that are overdue or due soon. */
export const REMINDER_CADENCES = ['off', 'daily', 'weekly'] as const;
export type ReminderCadence = (typeof REMINDER_CADENCES)[number];
/** Who wrote an action item: the pipeline's LLM or rules, or a person. */
export const ACTION_ITEM_SOURCES = ['llm', 'rules', 'user'] as const;
export type ActionItemSource = (typeof ACTION_ITEM_SOURCES)[number];

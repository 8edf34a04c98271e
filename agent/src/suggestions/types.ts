import type { Checklist, ChecklistItem } from '@parley/prompts';
import type {
  CoverageState,
  SuggestionCategory,
  SuggestionPriority,
  SuggestionStatus,
} from '@parley/protocol';

/** A final transcript segment, as the suggestion code sees it. Times in ms from meeting start. */
export interface FinalSegment {
  /** Segment id (as stored in `transcript_segments`). */
  id: string;
  /** Speaker's participant identity. */
  speaker: string;
  /** Speaker's display name (as stored with the segment); default: the identity. */
  speakerName?: string;
  text: string;
  startMs: number;
  endMs: number;
}

/** Where a suggestion built on memory comes from: a past meeting and the moment in it. */
export interface MemoryCite {
  meetingId: string;
  /** Ms from that meeting's start; null when only the meeting is known. */
  startMs: number | null;
  /** The meeting's date as shown ("3 Nov"). */
  date: string;
}

/** A question proposed by an engine, before it gets an id. */
export interface SuggestionDraft {
  /** The question, ≤ 200 characters. */
  text: string;
  priority: SuggestionPriority;
  /** Why now, e.g. "not discussed yet: Churn". */
  reason: string;
  category: SuggestionCategory;
  /** The checklist item it covers, when there is one. */
  checklistItemId?: string;
  /** Which engine produced it. */
  source: 'template' | 'llm';
  /** Prompt or checklist version it came from, e.g. `sales/questions@1.0.0`. */
  templateVersion: string;
  /** The past meeting it follows up on (suggestions built on memory). */
  cites?: MemoryCite;
}

/** A suggestion shown in a room. */
export interface Suggestion extends SuggestionDraft {
  id: string;
  status: SuggestionStatus;
  /** Epoch ms. */
  createdAt: number;
}

/** The segment that caused a checklist item's latest state change. */
export interface CoverageEvidence {
  segmentId: string;
  /** Speaker's participant identity. */
  speaker: string;
  /** Speaker's display name (shown in the room with the quote). */
  speakerName: string;
  /** The segment's words (cut to `MAX_EVIDENCE_CHARS`). */
  quote: string;
  /** Ms from the meeting's start. */
  startMs: number;
}

/** Where a checklist item stands, and the segments that put it there. */
export interface ItemCoverage {
  item: ChecklistItem;
  state: CoverageState;
  /** What caused the latest state change (absent while `not_discussed`). */
  evidence?: CoverageEvidence;
  /** Segments that mentioned the item (latest last, capped). */
  mentionIds: string[];
  /** The question about the item (latest), when one was asked. */
  questionId?: string;
  /** The segment that answered it. */
  answerId?: string;
}

/** A participant's question nobody has answered yet. */
export interface OpenQuestion {
  segmentId: string;
  speaker: string;
  text: string;
  endMs: number;
}

/** One speaker-labelled turn for prompts. */
export interface Turn {
  /** Participant identity (used in logs, never the label). */
  speaker: string;
  /** What the prompt shows, e.g. a first name or "Speaker 2". */
  label: string;
  text: string;
  startMs: number;
}

/** Context from earlier meetings about the same subject, found by the caller. */
export interface PastContext {
  /** Newest meeting first. */
  summaries: { meetingId: string; date?: string; text: string }[];
  /** Segments of past meetings relevant to what is being said now (best first). */
  passages: { meetingId: string; text: string; startMs?: number; date?: string }[];
  /** The latest value of each metric seen before. */
  metrics?: {
    fieldId: string;
    label: string;
    value: string;
    /** A short trend ("up 20% since 3 Oct"), when there are two comparable values. */
    trend?: string;
    cite: MemoryCite;
  }[];
  /** Action items still open from earlier meetings. */
  openItems?: { text: string; owner: string | null; due: string | null; cite: MemoryCite }[];
  /** Checklist items no earlier meeting covered. */
  uncovered?: { itemId: string; title: string; cite: MemoryCite }[];
}

/** Everything an engine may use. */
export interface SuggestionContext {
  /** A `MeetingTypeName`; unknown types use the general prompt. */
  meetingType: string;
  subject: string;
  checklist: Checklist;
  /** Coverage of each checklist item, in checklist order. */
  coverage: ItemCoverage[];
  /** Participants' questions still unanswered, oldest first. */
  openQuestions: OpenQuestion[];
  /** The latest turns, oldest first. */
  recentTurns: Turn[];
  past?: PastContext;
  /** Suggestions made earlier in this meeting (any status), to avoid repeats. */
  previous: readonly Pick<Suggestion, 'text' | 'status' | 'checklistItemId'>[];
  /** Most suggestions wanted (default 3). */
  maxSuggestions?: number;
  /** Cancels the work (room closed). */
  signal?: AbortSignal;
}

/** Produces question suggestions. */
export interface SuggestionEngine {
  /** 'template', 'llm' or a wrapper's name. */
  readonly name: string;
  suggest(ctx: SuggestionContext): Promise<SuggestionDraft[]>;
}

/** Time source, injectable for tests. */
export interface Clock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
};

/**
 * Suggestion data packets: the agent sends snapshots of the suggestions and of the checklist
 * coverage to the members of a room; members send feedback on a suggestion back to the agent.
 * One topic per message type; the `type` field repeats it.
 */
import { z } from 'zod';
import {
  COVERAGE_STATES,
  SUGGESTION_CATEGORIES,
  SUGGESTION_PRIORITIES,
  SUGGESTION_STATUSES,
} from './enums.ts';
import { decodePacket, encodePacket } from './packets.ts';

export const SUGGESTIONS_TOPIC = 'parley.suggestions';
export const CHECKLIST_TOPIC = 'parley.checklist';
export const FEEDBACK_TOPIC = 'parley.suggestion_feedback';
export const PROTOCOL_VERSION = 1;

/** Longest question or reason. */
export const MAX_QUESTION_CHARS = 200;

/** The past meeting (and moment, ms from its start) a suggestion built on memory cites. */
export const citeWireSchema = z.object({
  meetingId: z.string().min(1).max(100),
  startMs: z.number().int().nonnegative().nullable(),
  date: z.string().max(40),
});

export type CiteWire = z.output<typeof citeWireSchema>;

export const suggestionWireSchema = z.object({
  id: z.string().min(1).max(100),
  text: z.string().min(1).max(MAX_QUESTION_CHARS),
  priority: z.enum(SUGGESTION_PRIORITIES),
  reason: z.string().max(MAX_QUESTION_CHARS),
  category: z.enum(SUGGESTION_CATEGORIES),
  /** Epoch ms. */
  createdAt: z.number().int().nonnegative(),
  templateVersion: z.string().max(100),
  status: z.enum(SUGGESTION_STATUSES),
  /** A suggestion built on memory: the past meeting (and moment) it follows up on. */
  cites: citeWireSchema.optional(),
});
export type SuggestionWire = z.output<typeof suggestionWireSchema>;

/** Agent → room: the suggestions to show now (a snapshot: the room replaces its list). */
export const suggestionsMessageSchema = z.object({
  type: z.literal(SUGGESTIONS_TOPIC),
  version: z.literal(PROTOCOL_VERSION),
  suggestions: z.array(suggestionWireSchema).max(50),
});
export type SuggestionsMessage = z.output<typeof suggestionsMessageSchema>;

/** Longest coverage quote on the wire (the agent cuts quotes at 200 characters). */
export const MAX_EVIDENCE_QUOTE_CHARS = 400;

/** The segment that caused a checklist item's latest state change: its words, who, when. */
export const coverageEvidenceWireSchema = z.object({
  segmentId: z.string().min(1).max(200),
  quote: z.string().min(1).max(MAX_EVIDENCE_QUOTE_CHARS),
  /** The speaker's display name. */
  speaker: z.string().max(200),
  /** Ms from the meeting's start. */
  startMs: z.number().int().nonnegative(),
});
export type CoverageEvidenceWire = z.output<typeof coverageEvidenceWireSchema>;

export const checklistItemWireSchema = z.object({
  id: z.string(),
  title: z.string(),
  priority: z.enum(SUGGESTION_PRIORITIES),
  state: z.enum(COVERAGE_STATES),
  /** What caused the latest state change (absent while not discussed, and from older agents). */
  evidence: coverageEvidenceWireSchema.optional(),
});
export type ChecklistItemWire = z.output<typeof checklistItemWireSchema>;

/** Agent → room: the checklist with each item's coverage (a snapshot). */
export const checklistMessageSchema = z.object({
  type: z.literal(CHECKLIST_TOPIC),
  version: z.literal(PROTOCOL_VERSION),
  items: z.array(checklistItemWireSchema).max(100),
});
export type ChecklistMessage = z.output<typeof checklistMessageSchema>;

export const FEEDBACK_STATUSES = ['asked', 'dismissed', 'pinned'] as const;
export type FeedbackStatus = (typeof FEEDBACK_STATUSES)[number];

/** Room → agent: a participant marked a suggestion. */
export const feedbackMessageSchema = z.object({
  type: z.literal(FEEDBACK_TOPIC),
  version: z.literal(PROTOCOL_VERSION),
  id: z.string().min(1).max(100),
  status: z.enum(FEEDBACK_STATUSES),
});
export type FeedbackMessage = z.output<typeof feedbackMessageSchema>;

/** A message from the agent a room understands. */
export type AgentMessage = SuggestionsMessage | ChecklistMessage;

/** Largest agent packet read (the agent sends ≤ 50 suggestions or ≤ 100 items). */
export const MAX_MESSAGE_BYTES = 256 * 1024;
/** Largest feedback packet read. */
export const MAX_FEEDBACK_BYTES = 4096;

/** UTF-8 JSON bytes of a suggestion message for `publishData`. */
export function encodeMessage(m: AgentMessage | FeedbackMessage): Uint8Array<ArrayBuffer> {
  return encodePacket(m);
}

/** The feedback packet for `publishData`. */
export function encodeFeedback(id: string, status: FeedbackStatus): Uint8Array<ArrayBuffer> {
  return encodeMessage({ type: FEEDBACK_TOPIC, version: PROTOCOL_VERSION, id, status });
}

/**
 * Reads an agent message from a data packet (bytes, string or parsed value). Returns null for
 * anything malformed, unknown, of another version, or not matching its topic; never throws.
 */
export function parseAgentMessage(raw: unknown, topic?: string): AgentMessage | null {
  try {
    const data = decodePacket(raw, MAX_MESSAGE_BYTES);
    const type = (data as { type?: unknown } | null)?.type;
    if (topic !== undefined && type !== topic) return null;
    if (type === SUGGESTIONS_TOPIC) {
      const r = suggestionsMessageSchema.safeParse(data);
      return r.success ? r.data : null;
    }
    if (type === CHECKLIST_TOPIC) {
      const r = checklistMessageSchema.safeParse(data);
      return r.success ? r.data : null;
    }
    return null;
  } catch {
    return null;
  }
}

/**
 * Reads a feedback message from a data packet (bytes, string or parsed value). Returns null for
 * anything malformed; never throws.
 */
export function parseFeedback(raw: unknown): FeedbackMessage | null {
  try {
    const r = feedbackMessageSchema.safeParse(decodePacket(raw, MAX_FEEDBACK_BYTES));
    return r.success ? r.data : null;
  } catch {
    return null;
  }
}

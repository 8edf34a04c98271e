// Browser copy of the agent's suggestion wire protocol (agent/src/suggestions/protocol.ts).
// The client bundle must not import agent code; suggestions-protocol.test.ts checks that both
// copies accept and reject the same messages.
import { z } from 'zod';

export const SUGGESTIONS_TOPIC = 'parley.suggestions';
export const CHECKLIST_TOPIC = 'parley.checklist';
export const FEEDBACK_TOPIC = 'parley.suggestion_feedback';
export const PROTOCOL_VERSION = 1;

/** Longest question or reason (agent: `MAX_QUESTION_CHARS`). */
export const MAX_QUESTION_CHARS = 200;

export const SUGGESTION_PRIORITIES = ['critical', 'important', 'follow_up'] as const;
export type SuggestionPriority = (typeof SUGGESTION_PRIORITIES)[number];

export const SUGGESTION_CATEGORIES = ['metrics', 'team', 'strategy', 'risk', 'other'] as const;
export type SuggestionCategory = (typeof SUGGESTION_CATEGORIES)[number];

export const SUGGESTION_STATUSES = ['active', 'asked', 'dismissed', 'pinned'] as const;
export type SuggestionStatus = (typeof SUGGESTION_STATUSES)[number];

export const COVERAGE_STATES = ['not_discussed', 'discussed', 'asked', 'answered'] as const;
export type CoverageState = (typeof COVERAGE_STATES)[number];

export const FEEDBACK_STATUSES = ['asked', 'dismissed', 'pinned'] as const;
export type FeedbackStatus = (typeof FEEDBACK_STATUSES)[number];

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
});
export type SuggestionWire = z.output<typeof suggestionWireSchema>;

/** Agent → room: the suggestions to show now (a snapshot). */
export const suggestionsMessageSchema = z.object({
  type: z.literal(SUGGESTIONS_TOPIC),
  version: z.literal(PROTOCOL_VERSION),
  suggestions: z.array(suggestionWireSchema).max(50),
});
export type SuggestionsMessage = z.output<typeof suggestionsMessageSchema>;

export const checklistItemWireSchema = z.object({
  id: z.string(),
  title: z.string(),
  priority: z.enum(SUGGESTION_PRIORITIES),
  state: z.enum(COVERAGE_STATES),
});
export type ChecklistItemWire = z.output<typeof checklistItemWireSchema>;

/** Agent → room: the checklist with each item's coverage (a snapshot). */
export const checklistMessageSchema = z.object({
  type: z.literal(CHECKLIST_TOPIC),
  version: z.literal(PROTOCOL_VERSION),
  items: z.array(checklistItemWireSchema).max(100),
});
export type ChecklistMessage = z.output<typeof checklistMessageSchema>;

/** Room → agent: a participant marked a suggestion. */
export const feedbackMessageSchema = z.object({
  type: z.literal(FEEDBACK_TOPIC),
  version: z.literal(PROTOCOL_VERSION),
  id: z.string().min(1).max(100),
  status: z.enum(FEEDBACK_STATUSES),
});
export type FeedbackMessage = z.output<typeof feedbackMessageSchema>;

/** Largest data packet read (the agent sends ≤ 50 suggestions or ≤ 100 items). */
export const MAX_MESSAGE_BYTES = 256 * 1024;

/** A message from the agent this browser understands. */
export type AgentMessage = SuggestionsMessage | ChecklistMessage;

/**
 * Reads an agent message from a data packet (bytes, string or parsed value). Returns null for
 * anything malformed, unknown, of another version, or not matching its topic; never throws.
 */
export function parseAgentMessage(raw: unknown, topic?: string): AgentMessage | null {
  try {
    let data = raw;
    if (raw instanceof Uint8Array) {
      if (raw.byteLength > MAX_MESSAGE_BYTES) return null;
      data = new TextDecoder('utf-8', { fatal: true }).decode(raw);
    }
    if (typeof data === 'string') {
      if (data.length > MAX_MESSAGE_BYTES) return null;
      data = JSON.parse(data);
    }
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

/** The feedback packet for `publishData` (UTF-8 JSON). */
export function encodeFeedback(id: string, status: FeedbackStatus): Uint8Array<ArrayBuffer> {
  const m: FeedbackMessage = { type: FEEDBACK_TOPIC, version: PROTOCOL_VERSION, id, status };
  return new TextEncoder().encode(JSON.stringify(m));
}

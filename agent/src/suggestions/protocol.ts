import { z } from 'zod';
import { MAX_QUESTION_CHARS } from './output.ts';
import {
  COVERAGE_STATES,
  SUGGESTION_CATEGORIES,
  SUGGESTION_PRIORITIES,
  SUGGESTION_STATUSES,
  type ItemCoverage,
  type Suggestion,
} from './types.ts';

/** Data-message topics (one per message type; the `type` field repeats it). */
export const SUGGESTIONS_TOPIC = 'parley.suggestions';
export const CHECKLIST_TOPIC = 'parley.checklist';
export const FEEDBACK_TOPIC = 'parley.suggestion_feedback';
export const PROTOCOL_VERSION = 1;

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

/** Agent → room: the suggestions to show now (a snapshot: the room replaces its list). */
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

/** Agent → room: the checklist with each item's coverage (a snapshot). */
export const checklistMessageSchema = z.object({
  type: z.literal(CHECKLIST_TOPIC),
  version: z.literal(PROTOCOL_VERSION),
  items: z.array(checklistItemWireSchema).max(100),
});
export type ChecklistMessage = z.output<typeof checklistMessageSchema>;

export const FEEDBACK_STATUSES = ['asked', 'dismissed', 'pinned'] as const;

/** Room → agent: a participant marked a suggestion. */
export const feedbackMessageSchema = z.object({
  type: z.literal(FEEDBACK_TOPIC),
  version: z.literal(PROTOCOL_VERSION),
  id: z.string().min(1).max(100),
  status: z.enum(FEEDBACK_STATUSES),
});
export type FeedbackMessage = z.output<typeof feedbackMessageSchema>;

/** The wire form of suggestions (drops engine-internal fields). */
export function suggestionsMessage(suggestions: readonly Suggestion[]): SuggestionsMessage {
  return {
    type: SUGGESTIONS_TOPIC,
    version: PROTOCOL_VERSION,
    suggestions: suggestions.map((s) => ({
      id: s.id,
      text: s.text,
      priority: s.priority,
      reason: s.reason,
      category: s.category,
      createdAt: s.createdAt,
      templateVersion: s.templateVersion,
      status: s.status,
    })),
  };
}

/** The wire form of checklist coverage. */
export function checklistMessage(coverage: readonly ItemCoverage[]): ChecklistMessage {
  return {
    type: CHECKLIST_TOPIC,
    version: PROTOCOL_VERSION,
    items: coverage.map((c) => ({
      id: c.item.id,
      title: c.item.title,
      priority: c.item.priority,
      state: c.state,
    })),
  };
}

/** UTF-8 JSON bytes for `publishData`. */
export function encodeMessage(
  m: SuggestionsMessage | ChecklistMessage | FeedbackMessage,
): Uint8Array {
  return new TextEncoder().encode(JSON.stringify(m));
}

const MAX_FEEDBACK_BYTES = 4096;

/**
 * Reads a feedback message from a data packet (bytes or string) or an already-parsed value.
 * Returns null for anything malformed; never throws.
 */
export function parseFeedback(raw: unknown): FeedbackMessage | null {
  try {
    let data = raw;
    if (raw instanceof Uint8Array) {
      if (raw.byteLength > MAX_FEEDBACK_BYTES) return null;
      data = new TextDecoder('utf-8', { fatal: true }).decode(raw);
    }
    if (typeof data === 'string') {
      if (data.length > MAX_FEEDBACK_BYTES) return null;
      data = JSON.parse(data);
    }
    const r = feedbackMessageSchema.safeParse(data);
    return r.success ? r.data : null;
  } catch {
    return null;
  }
}

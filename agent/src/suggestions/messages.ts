import {
  CHECKLIST_TOPIC,
  PROTOCOL_VERSION,
  SUGGESTIONS_TOPIC,
  type ChecklistMessage,
  type SuggestionsMessage,
} from '@parley/protocol';
import type { ItemCoverage, Suggestion } from './types.ts';

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
      ...(s.cites ? { cites: s.cites } : {}),
    })),
  };
}

/** The wire form of checklist coverage, each item with the quote that moved it last. */
export function checklistMessage(coverage: readonly ItemCoverage[]): ChecklistMessage {
  return {
    type: CHECKLIST_TOPIC,
    version: PROTOCOL_VERSION,
    items: coverage.map((c) => ({
      id: c.item.id,
      title: c.item.title,
      priority: c.item.priority,
      state: c.state,
      ...(c.evidence && c.evidence.quote !== ''
        ? {
            evidence: {
              segmentId: c.evidence.segmentId,
              quote: c.evidence.quote,
              speaker: c.evidence.speakerName,
              startMs: c.evidence.startMs,
            },
          }
        : {}),
    })),
  };
}

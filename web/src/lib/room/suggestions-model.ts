// Pure functions behind the suggestions panel and the checklist view (tested in
// suggestions-model.test.ts); the runes state lives in suggestions.svelte.ts.
import {
  CHECKLIST_TOPIC,
  SUGGESTIONS_TOPIC,
  parseAgentMessage,
  type ChecklistItemWire,
  type CoverageState,
  type FeedbackStatus,
  type SuggestionPriority,
  type SuggestionStatus,
  type SuggestionWire,
} from '@parley/protocol';

/** A suggestion as shown: the agent's copy, with this browser's unconfirmed feedback applied. */
export interface SuggestionView extends SuggestionWire {
  /** Feedback sent but not yet reflected by the agent. */
  pending?: FeedbackStatus;
}

/** Feedback sent from this browser and not yet confirmed. */
export interface PendingFeedback {
  status: FeedbackStatus;
  /** When it was sent (epoch ms). */
  at: number;
}

/**
 * How long an optimistic status survives agent snapshots that do not reflect it yet (a snapshot
 * may have been sent before the agent read our feedback). After this, the agent's copy wins.
 */
export const PENDING_GRACE_MS = 5_000;

/** Most asked suggestions remembered after the agent stops listing them. */
export const MAX_ASKED_KEPT = 20;

export const PRIORITY_RANK: Record<SuggestionPriority, number> = {
  critical: 0,
  important: 1,
  follow_up: 2,
};

export const PRIORITY_LABELS: Record<SuggestionPriority, string> = {
  critical: 'Critical',
  important: 'Important',
  follow_up: 'Follow-up',
};

export const CATEGORY_LABELS: Record<SuggestionWire['category'], string> = {
  metrics: 'Metrics',
  team: 'Team',
  strategy: 'Strategy',
  risk: 'Risk',
  other: 'Other',
};

export const COVERAGE_LABELS: Record<CoverageState, string> = {
  not_discussed: 'Not discussed',
  discussed: 'Discussed',
  asked: 'Asked',
  answered: 'Answered',
};

/** The status shown: this browser's pending feedback, else the agent's. */
export function shownStatus(s: SuggestionView): SuggestionStatus {
  return s.pending ?? s.status;
}

/**
 * Merges an agent snapshot into what is shown, by id. The agent's copy is the truth; feedback of
 * ours it does not reflect yet stays applied for `PENDING_GRACE_MS` after it was sent. Asked
 * suggestions the agent no longer lists are kept (newest `MAX_ASKED_KEPT`) for the asked section.
 * Returns the new list and the pending feedback still unconfirmed.
 */
export function mergeSnapshot(
  current: readonly SuggestionView[],
  incoming: readonly SuggestionWire[],
  pending: ReadonlyMap<string, PendingFeedback>,
  now: number,
): { items: SuggestionView[]; pending: Map<string, PendingFeedback> } {
  const nextPending = new Map<string, PendingFeedback>();
  const seen = new Set<string>();
  const items: SuggestionView[] = [];
  for (const s of incoming) {
    if (seen.has(s.id)) continue;
    seen.add(s.id);
    const p = pending.get(s.id);
    if (p && p.status !== s.status && now - p.at < PENDING_GRACE_MS) {
      nextPending.set(s.id, p);
      items.push({ ...s, pending: p.status });
    } else {
      items.push({ ...s });
    }
  }
  const askedGone = current
    .filter((s) => !seen.has(s.id) && shownStatus(s) === 'asked')
    .sort((a, b) => b.createdAt - a.createdAt)
    .slice(0, MAX_ASKED_KEPT);
  for (const { pending: _pending, ...s } of askedGone) items.push({ ...s, status: 'asked' });
  return { items, pending: nextPending };
}

/** Applies feedback optimistically (returns `items` itself when the id is unknown or unchanged). */
export function applyFeedback(
  items: readonly SuggestionView[],
  id: string,
  status: FeedbackStatus,
): readonly SuggestionView[] {
  const i = items.findIndex((s) => s.id === id);
  const s = i >= 0 ? items[i] : undefined;
  if (!s || shownStatus(s) === status) return items;
  const next = items.slice();
  next[i] = { ...s, pending: status };
  return next;
}

function byPriorityThenNewest(a: SuggestionView, b: SuggestionView): number {
  return PRIORITY_RANK[a.priority] - PRIORITY_RANK[b.priority] || b.createdAt - a.createdAt;
}

/** What the panel lists: pinned on top, then active; asked separately (newest first). */
export interface SuggestionGroups {
  pinned: SuggestionView[];
  active: SuggestionView[];
  asked: SuggestionView[];
}

export function groupSuggestions(items: readonly SuggestionView[]): SuggestionGroups {
  const g: SuggestionGroups = { pinned: [], active: [], asked: [] };
  for (const s of items) {
    const st = shownStatus(s);
    if (st === 'pinned') g.pinned.push(s);
    else if (st === 'active') g.active.push(s);
    else if (st === 'asked') g.asked.push(s);
  }
  g.pinned.sort(byPriorityThenNewest);
  g.active.sort(byPriorityThenNewest);
  g.asked.sort((a, b) => b.createdAt - a.createdAt);
  return g;
}

/** Ids shown (pinned or active) in `next` that were not shown in `prev`, in display order. */
export function newlyShown(
  prev: readonly SuggestionView[],
  next: readonly SuggestionView[],
): SuggestionView[] {
  const visible = (s: SuggestionView) => {
    const st = shownStatus(s);
    return st === 'active' || st === 'pinned';
  };
  const before = new Set(prev.filter(visible).map((s) => s.id));
  const g = groupSuggestions(next);
  return [...g.pinned, ...g.active].filter((s) => !before.has(s.id));
}

/** The polite screen-reader announcement for newly shown suggestions ('' for none). */
export function announcement(added: readonly SuggestionView[]): string {
  const first = added[0];
  if (!first) return '';
  if (added.length === 1) {
    return `New ${PRIORITY_LABELS[first.priority].toLowerCase()} suggestion: ${first.text}`;
  }
  return `${added.length} new suggestions. First: ${first.text}`;
}

/** "just now", "2 min ago", "3 h ago", "2 d ago" (future times, from clock skew, are "just now"). */
export function formatAge(createdAt: number, now: number): string {
  const s = Math.floor((now - createdAt) / 1000);
  if (s < 60) return 'just now';
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ago`;
  const h = Math.floor(m / 60);
  if (h < 24) return `${h} h ago`;
  return `${Math.floor(h / 24)} d ago`;
}

/** Checklist items by priority (critical first), keeping the agent's order within one. */
export function orderChecklist(items: readonly ChecklistItemWire[]): ChecklistItemWire[] {
  return items
    .map((item, i) => ({ item, i }))
    .sort((a, b) => PRIORITY_RANK[a.item.priority] - PRIORITY_RANK[b.item.priority] || a.i - b.i)
    .map((x) => x.item);
}

/** Items covered (anything but `not_discussed`) out of all. */
export function checklistProgress(items: readonly ChecklistItemWire[]): {
  covered: number;
  total: number;
  label: string;
} {
  const covered = items.filter((i) => i.state !== 'not_discussed').length;
  return { covered, total: items.length, label: `${covered} of ${items.length} covered` };
}

/**
 * Priority colours (text on badge, card border) for the light and the dark panel; tested for AA
 * contrast against the badge and the panel backgrounds.
 */
export const PRIORITY_COLORS: Record<
  SuggestionPriority,
  { light: { fg: string; bg: string }; dark: { fg: string; bg: string } }
> = {
  critical: { light: { fg: '#a4161a', bg: '#fdecec' }, dark: { fg: '#ffaaa5', bg: '#3a1416' } },
  important: { light: { fg: '#7a4b00', bg: '#fff1d6' }, dark: { fg: '#f5c451', bg: '#33260a' } },
  follow_up: { light: { fg: '#1f4fa8', bg: '#e8eff9' }, dark: { fg: '#a9c4f5', bg: '#172338' } },
};

/** Everything the panel shows; replaced (never mutated) on each change. */
export interface PanelState {
  items: readonly SuggestionView[];
  checklist: readonly ChecklistItemWire[];
  /** Whether any checklist message arrived (an empty checklist is shown as such). */
  hasChecklist: boolean;
  /** Whether any valid agent message arrived (the agent sends these only to those allowed). */
  received: boolean;
  /** Feedback of ours the agent has not reflected yet. */
  pending: ReadonlyMap<string, PendingFeedback>;
  /** The latest polite announcement (changes only when new suggestions show). */
  announcement: string;
}

export const EMPTY_PANEL: PanelState = {
  items: [],
  checklist: [],
  hasChecklist: false,
  received: false,
  pending: new Map(),
  announcement: '',
};

/**
 * Applies one data packet from an agent. Returns null (nothing changes) for other topics and for
 * anything malformed, unknown or of another version; never throws.
 */
export function receivePacket(
  state: PanelState,
  payload: unknown,
  topic: string | undefined,
  now: number,
): PanelState | null {
  if (topic !== SUGGESTIONS_TOPIC && topic !== CHECKLIST_TOPIC) return null;
  const m = parseAgentMessage(payload, topic);
  if (!m) return null;
  if (m.type === CHECKLIST_TOPIC) {
    return { ...state, checklist: m.items, hasChecklist: true, received: true };
  }
  const r = mergeSnapshot(state.items, m.suggestions, state.pending, now);
  const text = announcement(newlyShown(state.items, r.items));
  return {
    ...state,
    received: true,
    items: r.items,
    pending: r.pending,
    announcement: text || state.announcement,
  };
}

/** Applies our feedback optimistically; null when the id is unknown or nothing changes. */
export function markSuggestion(
  state: PanelState,
  id: string,
  status: FeedbackStatus,
  now: number,
): PanelState | null {
  const items = applyFeedback(state.items, id, status);
  if (items === state.items) return null;
  const pending = new Map(state.pending);
  pending.set(id, { status, at: now });
  return { ...state, items, pending };
}

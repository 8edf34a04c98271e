/**
 * Chat in the meeting room as this browser shows it: live and stored messages merged and grouped
 * for display. The packet format and its parsing are `@parley/protocol`'s (chat.ts).
 */
import type { ApiChatMessage } from '@parley/protocol';

/** Consecutive messages from one person within this window share a header. */
export const GROUP_WINDOW_MS = 60_000;

/** One chat message as the room shows it. */
export interface ChatMessage extends ApiChatMessage {
  /** Delivery state of my own messages: `failed` when the server did not store it. */
  status?: 'sending' | 'sent' | 'failed';
}

/**
 * Adds messages to a list, keeping it ordered by time and free of duplicate ids (a stored copy
 * replaces a live one; a local `status` survives only while the new copy has none).
 */
export function mergeMessages(
  list: readonly ChatMessage[],
  incoming: readonly ChatMessage[],
  max = 1000,
): ChatMessage[] {
  const byId = new Map(list.map((m) => [m.id, m]));
  for (const m of incoming) {
    const old = byId.get(m.id);
    byId.set(m.id, old ? { ...old, ...m } : m);
  }
  const all = [...byId.values()].sort(
    (a, b) => a.timestamp - b.timestamp || (a.id < b.id ? -1 : 1),
  );
  return all.length > max ? all.slice(-max) : all;
}

/** A run of consecutive messages from one sender, each within a minute of the previous one. */
export interface ChatGroup {
  key: string;
  userId: string;
  userName: string;
  /** Time of the first message. */
  timestamp: number;
  messages: ChatMessage[];
}

export function groupMessages(
  messages: readonly ChatMessage[],
  windowMs: number = GROUP_WINDOW_MS,
): ChatGroup[] {
  const groups: ChatGroup[] = [];
  for (const m of messages) {
    const last = groups.at(-1);
    const prev = last?.messages.at(-1);
    if (last && prev && last.userId === m.userId && m.timestamp - prev.timestamp <= windowMs) {
      last.messages.push(m);
    } else {
      groups.push({
        key: m.id,
        userId: m.userId,
        userName: m.userName,
        timestamp: m.timestamp,
        messages: [m],
      });
    }
  }
  return groups;
}

/** `14:05` in the viewer's time zone. */
export function formatChatTime(ms: number): string {
  return new Date(ms).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
}

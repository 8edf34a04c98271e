/**
 * Chat in the meeting room: the live message format (reliable data packets on the `parley.chat`
 * topic), parsing of untrusted packets, merging live and stored messages, and grouping for display.
 * Pure functions, shared by the browser and the server.
 */

/** Data-packet topic of chat messages. */
export const CHAT_TOPIC = 'parley.chat';
/** Longest message, in characters (UTF-16 code units, as `String.length` counts). */
export const CHAT_MAX_CHARS = 4000;
/** Consecutive messages from one person within this window share a header. */
export const GROUP_WINDOW_MS = 60_000;

/** One chat message as the room shows it. */
export interface ChatMessage {
  /** UUID chosen by the sender; the same in the data packet and the stored row. */
  id: string;
  /** Sender's LiveKit identity. */
  userId: string;
  userName: string;
  /** Markdown source. */
  content: string;
  /** Milliseconds since the epoch. */
  timestamp: number;
  /** Delivery state of my own messages: `failed` when the server did not store it. */
  status?: 'sending' | 'sent' | 'failed';
}

/** The data-packet payload (`{type:'chat', …}`); `id` lets receivers merge it with history. */
export interface ChatPacket {
  type: 'chat';
  id: string;
  content: string;
  userId: string;
  userName: string;
  timestamp: number;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isChatId(id: unknown): id is string {
  return typeof id === 'string' && UUID.test(id);
}

/** Why a draft cannot be sent, or null when it can. */
export function draftProblem(content: string): string | null {
  if (content.trim().length === 0) return 'Type a message first.';
  if (content.length > CHAT_MAX_CHARS) {
    return `Messages can be at most ${CHAT_MAX_CHARS.toLocaleString('en')} characters (this one has ${content.length.toLocaleString('en')}).`;
  }
  return null;
}

export function encodeChatPacket(m: ChatMessage): Uint8Array<ArrayBuffer> {
  const packet: ChatPacket = {
    type: 'chat',
    id: m.id,
    content: m.content,
    userId: m.userId,
    userName: m.userName,
    timestamp: m.timestamp,
  };
  return new TextEncoder().encode(JSON.stringify(packet));
}

export type PacketResult =
  | { kind: 'message'; message: ChatMessage }
  | { kind: 'ignored'; reason: 'not-json' | 'unknown-type' | 'invalid' | 'impersonation' };

/**
 * Parses a chat data packet. The sender is who LiveKit says sent it (`from`), never who the
 * payload claims: a packet whose `userId` differs from the sending participant is refused.
 * The display name also comes from LiveKit. Anything unexpected is ignored, never thrown.
 */
export function parseChatPacket(
  payload: Uint8Array,
  from: { identity: string; name: string } | undefined,
  now: number = Date.now(),
): PacketResult {
  let data: unknown;
  try {
    data = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(payload));
  } catch {
    return { kind: 'ignored', reason: 'not-json' };
  }
  if (typeof data !== 'object' || data === null) return { kind: 'ignored', reason: 'invalid' };
  const d = data as Record<string, unknown>;
  if (d.type !== 'chat') return { kind: 'ignored', reason: 'unknown-type' };
  if (
    !from ||
    !isChatId(d.id) ||
    typeof d.content !== 'string' ||
    draftProblem(d.content) !== null
  ) {
    return { kind: 'ignored', reason: 'invalid' };
  }
  if (typeof d.userId === 'string' && d.userId !== from.identity) {
    return { kind: 'ignored', reason: 'impersonation' };
  }
  // The sender's clock may be off: trust it only within a minute of ours.
  const ts = typeof d.timestamp === 'number' && Number.isFinite(d.timestamp) ? d.timestamp : now;
  return {
    kind: 'message',
    message: {
      id: d.id,
      userId: from.identity,
      userName: from.name || from.identity,
      content: d.content,
      timestamp: Math.abs(ts - now) <= GROUP_WINDOW_MS ? ts : now,
    },
  };
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

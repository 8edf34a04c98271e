/**
 * Room chat: the live message format (reliable data packets on the `parley.chat` topic, sent by
 * browsers) and the stored message as the API returns it. The sender of a packet is who LiveKit
 * says sent it, never who the payload claims.
 */
import { isUuid } from './ids.ts';
import { z } from 'zod';
import { decodePacket, encodePacket } from './packets.ts';

/** Data-packet topic of chat messages. */
export const CHAT_TOPIC = 'parley.chat';
/** Longest message, in characters (UTF-16 code units, as `String.length` counts). */
export const CHAT_MAX_CHARS = 4000;
/** A sender's clock is trusted only within this much of the receiver's. */
export const CHAT_CLOCK_SKEW_MS = 60_000;

export function isChatId(id: unknown): id is string {
  return isUuid(id);
}

/** Why a draft cannot be sent, or null when it can. */
export function draftProblem(content: string): string | null {
  if (content.trim().length === 0) return 'Type a message first.';
  if (content.length > CHAT_MAX_CHARS) {
    return `Messages can be at most ${CHAT_MAX_CHARS.toLocaleString('en')} characters (this one has ${content.length.toLocaleString('en')}).`;
  }
  return null;
}

/** A stored chat message (`GET`/`POST /api/meetings/{id}/chat`). */
export const apiChatMessageSchema = z.object({
  /** UUID chosen by the sender; the same in the data packet and the stored row. */
  id: z.uuid(),
  /** Sender's LiveKit identity. */
  userId: z.string(),
  userName: z.string(),
  /** Markdown source. */
  content: z.string(),
  /** Milliseconds since the epoch. */
  timestamp: z.number().int(),
});
export type ApiChatMessage = z.output<typeof apiChatMessageSchema>;

/** What a browser publishes (`{type:'chat', …}`); `id` lets receivers merge it with history. */
export const chatPacketSchema = z.object({
  type: z.literal('chat'),
  id: z.string().refine(isChatId),
  content: z.string().refine((c) => draftProblem(c) === null),
  userId: z.string(),
  userName: z.string(),
  timestamp: z.number(),
});
export type ChatPacket = z.output<typeof chatPacketSchema>;

/**
 * What a receiver requires: a valid id and content. The claimed sender and clock are checked
 * against LiveKit's sender and the receiver's clock instead.
 */
const receivedPacketSchema = chatPacketSchema.pick({ id: true, content: true }).extend({
  userId: z.unknown().optional(),
  timestamp: z.unknown().optional(),
});

export function encodeChatPacket(m: Omit<ChatPacket, 'type'>): Uint8Array<ArrayBuffer> {
  const packet: ChatPacket = {
    type: 'chat',
    id: m.id,
    content: m.content,
    userId: m.userId,
    userName: m.userName,
    timestamp: m.timestamp,
  };
  return encodePacket(packet);
}

export type PacketResult =
  | { kind: 'message'; message: ApiChatMessage }
  | { kind: 'ignored'; reason: 'not-json' | 'unknown-type' | 'invalid' | 'impersonation' };

/**
 * Parses a chat data packet. A packet whose `userId` differs from the sending participant
 * (`from`) is refused; the display name also comes from LiveKit. Anything unexpected is ignored,
 * never thrown.
 */
export function parseChatPacket(
  payload: Uint8Array,
  from: { identity: string; name: string } | undefined,
  now: number = Date.now(),
): PacketResult {
  let data: unknown;
  try {
    data = decodePacket(payload);
  } catch {
    return { kind: 'ignored', reason: 'not-json' };
  }
  if (typeof data !== 'object' || data === null) return { kind: 'ignored', reason: 'invalid' };
  if ((data as { type?: unknown }).type !== 'chat') {
    return { kind: 'ignored', reason: 'unknown-type' };
  }
  const r = receivedPacketSchema.safeParse(data);
  if (!from || !r.success) return { kind: 'ignored', reason: 'invalid' };
  const d = r.data;
  if (typeof d.userId === 'string' && d.userId !== from.identity) {
    return { kind: 'ignored', reason: 'impersonation' };
  }
  const ts = typeof d.timestamp === 'number' && Number.isFinite(d.timestamp) ? d.timestamp : now;
  return {
    kind: 'message',
    message: {
      id: d.id,
      userId: from.identity,
      userName: from.name || from.identity,
      content: d.content,
      timestamp: Math.abs(ts - now) <= CHAT_CLOCK_SKEW_MS ? ts : now,
    },
  };
}

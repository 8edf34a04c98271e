import { CHAT_MAX_CHARS, type ApiChatMessage } from '@parley/protocol';
import { z } from 'zod';
import {
  insertChatMessage,
  listChatMessages,
  type ChatMessage as ChatRow,
  type Db,
} from '@parley/db';
import { ApiError, validationError } from '../http/errors.ts';
import type { RoomContext } from '../meetings/index.ts';

/** Options of the chat service; defaults suit a meeting of a few dozen people. */
export interface ChatOptions {
  /** Messages loaded when someone joins. */
  historyLimit: number;
}

export const defaultChatOptions: ChatOptions = { historyLimit: 500 };

/**
 * A chat message sent to the server. Oversize content is checked before this schema (413), so
 * the schema's own maximum only guards direct use.
 */
export const chatPostSchema = z.strictObject({
  id: z.uuid({ error: 'id must be a UUID' }),
  content: z
    .string({ error: 'content must be text' })
    .max(CHAT_MAX_CHARS, { error: `content must be at most ${CHAT_MAX_CHARS} characters` })
    .refine((s) => s.trim().length > 0, { error: 'content must not be empty' }),
});
export type ChatPostInput = z.output<typeof chatPostSchema>;

/** The stored row as the room shows it. */
export function toChatMessage(row: ChatRow): ApiChatMessage {
  return {
    id: row.id,
    userId: row.sender_identity,
    userName: row.sender_name,
    content: row.content,
    timestamp: row.created_at.getTime(),
  };
}

/**
 * Validates an untrusted body: content over the limit is 413 naming the field (the message is
 * too large to take, whatever else is wrong); everything else is the schema's 422.
 */
export function parseChatPost(data: unknown): ChatPostInput {
  if (
    typeof data === 'object' &&
    data !== null &&
    typeof (data as { content?: unknown }).content === 'string' &&
    (data as { content: string }).content.length > CHAT_MAX_CHARS
  ) {
    throw new ApiError(
      413,
      'payload_too_large',
      `content must be at most ${CHAT_MAX_CHARS} characters.`,
      { fields: { content: `content must be at most ${CHAT_MAX_CHARS} characters` } },
    );
  }
  const r = chatPostSchema.safeParse(data);
  if (!r.success) {
    const fields: Record<string, string> = {};
    for (const issue of r.error.issues) {
      const key = issue.path.length > 0 ? String(issue.path[0]) : '_';
      fields[key] ??= issue.message;
    }
    throw validationError(fields);
  }
  return r.data;
}

/**
 * Stores a message from the caller (sender = the caller's room identity and name, never the
 * body's). Refused once the meeting has ended (409) and when the id was used by someone else (409).
 */
export async function postChatMessage(
  db: Db,
  ctx: RoomContext,
  input: ChatPostInput,
): Promise<ApiChatMessage> {
  if (ctx.meeting.status === 'ended') {
    throw new ApiError(409, 'meeting_ended', 'The meeting has ended; chat is closed.');
  }
  const row = await insertChatMessage(db, {
    id: input.id,
    meeting_id: ctx.meeting.id,
    sender_identity: ctx.me.id,
    sender_name: ctx.me.name,
    user_id: ctx.me.guest ? null : ctx.me.id,
    content: input.content,
  });
  if (!row) throw new ApiError(409, 'id_taken', 'That message id is already used.');
  return toChatMessage(row);
}

/**
 * The chat history the caller may see: members and hosts get the meeting's messages; guests get
 * none (like the transcript, a guest sees only what is said while they are in the room).
 */
export async function chatHistory(
  db: Db,
  ctx: RoomContext,
  opts: ChatOptions = defaultChatOptions,
): Promise<ApiChatMessage[]> {
  if (!ctx.canSeeHistory) return [];
  const rows = await listChatMessages(db, ctx.meeting.id, opts.historyLimit);
  return rows.map(toChatMessage);
}

import type { Db } from '../client.ts';
import type { ChatMessage, NewChatMessage } from '../schema.ts';

/**
 * Stores a chat message. The id is chosen by the sender (it also travels in the live data
 * message), so a retried POST returns the stored row instead of a duplicate. A row with the same
 * id in another meeting or from another sender is never returned: null means "id taken".
 */
export async function insertChatMessage(db: Db, row: NewChatMessage): Promise<ChatMessage | null> {
  const inserted = await db
    .insertInto('chat_messages')
    .values(row)
    .onConflict((oc) => oc.column('id').doNothing())
    .returningAll()
    .executeTakeFirst();
  if (inserted) return inserted;
  const existing = await db
    .selectFrom('chat_messages')
    .selectAll()
    .where('id', '=', row.id)
    .where('meeting_id', '=', row.meeting_id)
    .where('sender_identity', '=', row.sender_identity)
    .executeTakeFirst();
  return existing ?? null;
}

/** The newest `limit` messages of a meeting, oldest first. */
export async function listChatMessages(
  db: Db,
  meetingId: string,
  limit = 500,
): Promise<ChatMessage[]> {
  const rows = await db
    .selectFrom('chat_messages')
    .selectAll()
    .where('meeting_id', '=', meetingId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return rows.reverse();
}

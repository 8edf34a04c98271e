import type { Db } from '../client.ts';
import type { MeetingHighlight } from '../schema.ts';

export async function addHighlight(
  db: Db,
  input: {
    meetingId: string;
    atMs: number;
    userId: string;
    authorName: string;
    note: string | null;
  },
): Promise<MeetingHighlight> {
  return db
    .insertInto('meeting_highlights')
    .values({
      meeting_id: input.meetingId,
      at_ms: input.atMs,
      user_id: input.userId,
      author_name: input.authorName,
      note: input.note,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** The meeting's highlights in timeline order. */
export async function listHighlights(db: Db, meetingId: string): Promise<MeetingHighlight[]> {
  return db
    .selectFrom('meeting_highlights')
    .selectAll()
    .where('meeting_id', '=', meetingId)
    .orderBy('at_ms')
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

/**
 * Deletes one of the meeting's highlights: `by` a user only theirs, `by: null` any (a host).
 * False when there is no such highlight for them.
 */
export async function deleteHighlight(
  db: Db,
  meetingId: string,
  highlightId: string,
  by: string | null,
): Promise<boolean> {
  let q = db
    .deleteFrom('meeting_highlights')
    .where('id', '=', highlightId)
    .where('meeting_id', '=', meetingId);
  if (by !== null) q = q.where('user_id', '=', by);
  return (await q.executeTakeFirst()).numDeletedRows > 0n;
}

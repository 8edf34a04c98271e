import type { Db } from '../client.ts';
import type { Meeting, MeetingType } from '../schema.ts';

export async function createMeeting(
  db: Db,
  input: { title: string; type: MeetingType; ownerId: string },
): Promise<Meeting> {
  const id = crypto.randomUUID();
  return db
    .insertInto('meetings')
    .values({
      id,
      title: input.title,
      type: input.type,
      owner_id: input.ownerId,
      room_name: `meeting-${id}`,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** A meeting the user may see, or undefined (unknown and foreign ids look the same). */
export async function findMeetingForUser(
  db: Db,
  meetingId: string,
  userId: string,
): Promise<Meeting | undefined> {
  return db
    .selectFrom('meetings')
    .selectAll()
    .where('id', '=', meetingId)
    .where('owner_id', '=', userId)
    .executeTakeFirst();
}

export async function findMeetingByRoom(db: Db, roomName: string): Promise<Meeting | undefined> {
  return db.selectFrom('meetings').selectAll().where('room_name', '=', roomName).executeTakeFirst();
}

export interface MeetingCursor {
  createdAt: Date;
  id: string;
}

export function encodeMeetingCursor(m: Pick<Meeting, 'created_at' | 'id'>): string {
  return Buffer.from(`${m.created_at.toISOString()}|${m.id}`).toString('base64url');
}

/** Decodes a cursor from `encodeMeetingCursor`; null when it is malformed. */
export function decodeMeetingCursor(cursor: string): MeetingCursor | null {
  const [iso, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  if (!iso || !id || !/^[0-9a-f-]{36}$/i.test(id)) return null;
  const createdAt = new Date(iso);
  return Number.isNaN(createdAt.getTime()) ? null : { createdAt, id };
}

/** The user's meetings, newest first, keyset-paginated. */
export async function listMeetingsForUser(
  db: Db,
  userId: string,
  opts: { limit?: number; cursor?: MeetingCursor | null } = {},
): Promise<{ items: Meeting[]; nextCursor: string | null }> {
  const limit = Math.min(Math.max(opts.limit ?? 20, 1), 100);
  let q = db
    .selectFrom('meetings')
    .selectAll()
    .where('owner_id', '=', userId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit + 1);
  const c = opts.cursor;
  if (c) {
    q = q.where((eb) =>
      eb.or([
        eb('created_at', '<', c.createdAt),
        eb.and([eb('created_at', '=', c.createdAt), eb('id', '<', c.id)]),
      ]),
    );
  }
  const rows = await q.execute();
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return { items, nextCursor: rows.length > limit && last ? encodeMeetingCursor(last) : null };
}

/** Marks the meeting live (first start wins) and returns its start time. */
export async function markMeetingStarted(db: Db, meetingId: string): Promise<Date> {
  const row = await db
    .updateTable('meetings')
    .set((eb) => ({
      started_at: eb.fn.coalesce('started_at', eb.val(new Date())),
      status: 'live',
      ended_at: null,
    }))
    .where('id', '=', meetingId)
    .returning('started_at')
    .executeTakeFirstOrThrow();
  if (!row.started_at) throw new Error(`meeting ${meetingId} has no start time`);
  return row.started_at;
}

export async function markMeetingEnded(db: Db, meetingId: string): Promise<void> {
  await db
    .updateTable('meetings')
    .set({ status: 'ended', ended_at: new Date() })
    .where('id', '=', meetingId)
    .where('status', '!=', 'ended')
    .execute();
}

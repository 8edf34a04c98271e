import type { Db } from '../client.ts';
import type { MeetingShare } from '../schema.ts';

/** A share link as its meeting's hosts see it: with the name of who made it. */
export type MeetingShareRow = MeetingShare & { created_by_name: string | null };

export async function createShare(
  db: Db,
  input: {
    meetingId: string;
    tokenHash: string;
    createdBy: string;
    expiresAt: Date;
    includeTranscript: boolean;
    includeRecording: boolean;
    /** argon2id of the password the link asks for (none: anyone with the link). */
    passwordHash?: string | null;
  },
): Promise<MeetingShare> {
  return db
    .insertInto('meeting_shares')
    .values({
      meeting_id: input.meetingId,
      token_hash: input.tokenHash,
      created_by: input.createdBy,
      expires_at: input.expiresAt,
      include_transcript: input.includeTranscript,
      include_recording: input.includeRecording,
      password_hash: input.passwordHash ?? null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Share links with the name of who made it (null once their account is gone). */
function sharesWithCreator(db: Db) {
  return db
    .selectFrom('meeting_shares as s')
    .leftJoin('users as u', 'u.id', 's.created_by')
    .selectAll('s')
    .select('u.name as created_by_name');
}

/** The meeting's share links, newest first (active, expired and revoked). */
export async function listShares(db: Db, meetingId: string): Promise<MeetingShareRow[]> {
  return sharesWithCreator(db)
    .where('s.meeting_id', '=', meetingId)
    .orderBy('s.created_at', 'desc')
    .orderBy('s.id')
    .execute();
}

/** Revokes a link of the meeting (idempotent: the first revocation time stays); false if foreign. */
export async function revokeShare(db: Db, meetingId: string, shareId: string): Promise<boolean> {
  const row = await db
    .updateTable('meeting_shares')
    .set((eb) => ({ revoked_at: eb.fn.coalesce('revoked_at', eb.val(new Date())) }))
    .where('id', '=', shareId)
    .where('meeting_id', '=', meetingId)
    .returning('id')
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * Changes a link of the meeting: its expiry and or its password (a hash, or null for none).
 * Undefined when the link is not the meeting's; a revoked link is returned unchanged.
 */
export async function updateShare(
  db: Db,
  meetingId: string,
  shareId: string,
  change: { expiresAt?: Date; passwordHash?: string | null },
): Promise<MeetingShareRow | undefined> {
  const set = {
    ...(change.expiresAt ? { expires_at: change.expiresAt } : {}),
    ...(change.passwordHash !== undefined ? { password_hash: change.passwordHash } : {}),
  };
  if (Object.keys(set).length > 0) {
    await db
      .updateTable('meeting_shares')
      .set(set)
      .where('id', '=', shareId)
      .where('meeting_id', '=', meetingId)
      .where('revoked_at', 'is', null)
      .execute();
  }
  return sharesWithCreator(db)
    .where('s.id', '=', shareId)
    .where('s.meeting_id', '=', meetingId)
    .executeTakeFirst();
}

/**
 * The link behind a secret's hash while it is neither revoked nor expired, with its creator's
 * name; undefined otherwise. A visit is recorded apart (`countShareView`), once it is shown.
 */
export async function findUsableShare(
  db: Db,
  tokenHash: string,
): Promise<MeetingShareRow | undefined> {
  return sharesWithCreator(db)
    .where('s.token_hash', '=', tokenHash)
    .where('s.revoked_at', 'is', null)
    .where('s.expires_at', '>', new Date())
    .executeTakeFirst();
}

/** Records a visit of a link (count and time); the new figures. */
export async function countShareView(
  db: Db,
  shareId: string,
  now = new Date(),
): Promise<Pick<MeetingShare, 'view_count' | 'last_viewed_at'>> {
  return db
    .updateTable('meeting_shares')
    .set((eb) => ({ view_count: eb('view_count', '+', 1), last_viewed_at: now }))
    .where('id', '=', shareId)
    .returning(['view_count', 'last_viewed_at'])
    .executeTakeFirstOrThrow();
}

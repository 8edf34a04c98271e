import type { Db } from '../client.ts';
import type { GuestLink } from '../schema.ts';

export async function createGuestLink(
  db: Db,
  input: { meetingId: string; tokenHash: string; createdBy: string; expiresAt: Date },
): Promise<GuestLink> {
  return db
    .insertInto('guest_links')
    .values({
      meeting_id: input.meetingId,
      token_hash: input.tokenHash,
      created_by: input.createdBy,
      expires_at: input.expiresAt,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function listGuestLinks(db: Db, meetingId: string): Promise<GuestLink[]> {
  return db
    .selectFrom('guest_links')
    .selectAll()
    .where('meeting_id', '=', meetingId)
    .orderBy('created_at', 'desc')
    .execute();
}

/** Revokes a link of the meeting (idempotent); false when the link is not the meeting's. */
export async function revokeGuestLink(db: Db, meetingId: string, linkId: string): Promise<boolean> {
  const row = await db
    .updateTable('guest_links')
    .set((eb) => ({ revoked_at: eb.fn.coalesce('revoked_at', eb.val(new Date())) }))
    .where('id', '=', linkId)
    .where('meeting_id', '=', meetingId)
    .returning('id')
    .executeTakeFirst();
  return row !== undefined;
}

/** LiveKit identities of the guests who joined through the link. */
export async function listGuestIdentities(db: Db, linkId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('guest_sessions')
    .select('identity')
    .where('guest_link_id', '=', linkId)
    .execute();
  return rows.map((r) => r.identity);
}

/** True when `identity` is a guest of the meeting whose session and link are still valid. */
export async function isGuestActive(db: Db, meetingId: string, identity: string): Promise<boolean> {
  const row = await db
    .selectFrom('guest_sessions as s')
    .innerJoin('guest_links as g', 'g.id', 's.guest_link_id')
    .select('s.id')
    .where('s.identity', '=', identity)
    .where('s.meeting_id', '=', meetingId)
    .where('s.expires_at', '>', new Date())
    .where('g.revoked_at', 'is', null)
    .executeTakeFirst();
  return row !== undefined;
}

/** A link that is neither revoked nor expired, with its meeting's title; undefined otherwise. */
export async function findUsableGuestLink(
  db: Db,
  tokenHash: string,
): Promise<(GuestLink & { meeting_title: string }) | undefined> {
  return db
    .selectFrom('guest_links as g')
    .innerJoin('meetings as m', 'm.id', 'g.meeting_id')
    .selectAll('g')
    .select('m.title as meeting_title')
    .where('g.token_hash', '=', tokenHash)
    .where('g.revoked_at', 'is', null)
    .where('g.expires_at', '>', new Date())
    .executeTakeFirst();
}

export async function createGuestSession(
  db: Db,
  input: {
    id: string;
    guestLinkId: string;
    meetingId: string;
    identity: string;
    displayName: string;
    expiresAt: Date;
  },
): Promise<void> {
  await db
    .insertInto('guest_sessions')
    .values({
      id: input.id,
      guest_link_id: input.guestLinkId,
      meeting_id: input.meetingId,
      identity: input.identity,
      display_name: input.displayName,
      expires_at: input.expiresAt,
    })
    .execute();
}

export interface ActiveGuestSession {
  id: string;
  meetingId: string;
  identity: string;
  displayName: string;
  expiresAt: Date;
}

/** A guest session whose link is still valid (not revoked, session not expired). */
export async function findGuestSession(
  db: Db,
  id: string,
): Promise<ActiveGuestSession | undefined> {
  const row = await db
    .selectFrom('guest_sessions as s')
    .innerJoin('guest_links as g', 'g.id', 's.guest_link_id')
    .select(['s.id', 's.meeting_id', 's.identity', 's.display_name', 's.expires_at'])
    .where('s.id', '=', id)
    .where('s.expires_at', '>', new Date())
    .where('g.revoked_at', 'is', null)
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    id: row.id,
    meetingId: row.meeting_id,
    identity: row.identity,
    displayName: row.display_name,
    expiresAt: row.expires_at,
  };
}

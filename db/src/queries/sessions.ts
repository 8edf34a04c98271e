import { sql } from 'kysely';
import type { Db } from '../client.ts';
import type { PublicUser } from './users.ts';

export interface SessionWithUser {
  sessionId: string;
  createdAt: Date;
  expiresAt: Date;
  absoluteExpiresAt: Date | null;
  lastSeenAt: Date;
  user: PublicUser;
}

export async function createSession(
  db: Db,
  input: { id: string; userId: string; expiresAt: Date; absoluteExpiresAt?: Date | null },
): Promise<void> {
  await db
    .insertInto('sessions')
    .values({
      id: input.id,
      user_id: input.userId,
      expires_at: input.expiresAt,
      absolute_expires_at: input.absoluteExpiresAt ?? null,
      last_seen_at: new Date(),
    })
    .execute();
}

/** The live session with this id and its user; idle- or absolutely-expired ones are not returned. */
export async function findSession(db: Db, id: string): Promise<SessionWithUser | undefined> {
  const row = await db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .select([
      'sessions.id as session_id',
      'sessions.created_at as session_created_at',
      'sessions.expires_at',
      'sessions.absolute_expires_at',
      'sessions.last_seen_at',
      'users.id',
      'users.email',
      'users.name',
      'users.created_at',
    ])
    .where('sessions.id', '=', id)
    .where('sessions.expires_at', '>', new Date())
    .where((eb) =>
      eb.or([
        eb('sessions.absolute_expires_at', 'is', null),
        eb('sessions.absolute_expires_at', '>', new Date()),
      ]),
    )
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    sessionId: row.session_id,
    createdAt: row.session_created_at,
    expiresAt: row.expires_at,
    absoluteExpiresAt: row.absolute_expires_at,
    lastSeenAt: row.last_seen_at,
    user: { id: row.id, email: row.email, name: row.name, created_at: row.created_at },
  };
}

export async function touchSession(db: Db, id: string, expiresAt: Date): Promise<void> {
  await db
    .updateTable('sessions')
    .set({ last_seen_at: new Date(), expires_at: expiresAt })
    .where('id', '=', id)
    .execute();
}

/** `touchSession` for many sessions in one statement (write-behind of recent activity). */
export async function touchSessions(
  db: Db,
  touches: readonly { id: string; expiresAt: Date }[],
): Promise<void> {
  if (touches.length === 0) return;
  await sql`
    update sessions as s set last_seen_at = now(), expires_at = v.expires_at
    from unnest(${touches.map((t) => t.id)}::text[], ${touches.map((t) => t.expiresAt)}::timestamptz[])
      as v(id, expires_at)
    where s.id = v.id`.execute(db);
}

export async function deleteSession(db: Db, id: string): Promise<void> {
  await db.deleteFrom('sessions').where('id', '=', id).execute();
}

export async function deleteUserSessions(db: Db, userId: string): Promise<void> {
  await db.deleteFrom('sessions').where('user_id', '=', userId).execute();
}

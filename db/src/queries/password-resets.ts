import { createHash, randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import type { Db } from '../client.ts';
import type { PublicUser } from './users.ts';

/** How long a reset link works. */
export const PASSWORD_RESET_TTL_MINUTES = 60;

/**
 * Makes a reset link's token for the user (32 random bytes, base64url; stored as its SHA-256,
 * hex, as the web app stores every secret token) and returns it; it replaces earlier links.
 */
export async function issuePasswordReset(db: Db, userId: string): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  await createPasswordReset(db, {
    id: createHash('sha256').update(token).digest('hex'),
    userId,
    expiresAt: new Date(Date.now() + PASSWORD_RESET_TTL_MINUTES * 60_000),
  });
  return token;
}

/**
 * Stores a reset link's token hash for the user, replacing the user's earlier links (an unused
 * one stops working: only the newest email counts). A user has at most one row.
 */
export async function createPasswordReset(
  db: Db,
  input: { id: string; userId: string; expiresAt: Date },
): Promise<void> {
  await db.transaction().execute(async (tx) => {
    await tx.deleteFrom('password_resets').where('user_id', '=', input.userId).execute();
    await tx
      .insertInto('password_resets')
      .values({ id: input.id, user_id: input.userId, expires_at: input.expiresAt })
      .execute();
  });
}

/** The user a reset link belongs to while it can still be used (unused, not expired). */
export async function findUsablePasswordReset(
  db: Db,
  id: string,
): Promise<{ userId: string; expiresAt: Date } | undefined> {
  const row = await db
    .selectFrom('password_resets')
    .select(['user_id', 'expires_at'])
    .where('id', '=', id)
    .where('used_at', 'is', null)
    .where('expires_at', '>', sql<Date>`now()`)
    .executeTakeFirst();
  return row ? { userId: row.user_id, expiresAt: row.expires_at } : undefined;
}

/**
 * Uses a reset link: in one transaction marks it used (once: a second use finds nothing), sets
 * the user's password hash, removes the user's other links and ends all their sessions. Returns
 * the user, or undefined when the link is unknown, used or expired.
 */
export async function usePasswordReset(
  db: Db,
  id: string,
  passwordHash: string,
): Promise<PublicUser | undefined> {
  return db.transaction().execute(async (tx) => {
    const row = await tx
      .updateTable('password_resets')
      .set({ used_at: sql<Date>`now()` })
      .where('id', '=', id)
      .where('used_at', 'is', null)
      .where('expires_at', '>', sql<Date>`now()`)
      .returning('user_id')
      .executeTakeFirst();
    if (!row) return undefined;
    const user = await tx
      .updateTable('users')
      .set({ password_hash: passwordHash })
      .where('id', '=', row.user_id)
      .returning(['id', 'email', 'name', 'created_at'])
      .executeTakeFirst();
    await tx
      .deleteFrom('password_resets')
      .where('user_id', '=', row.user_id)
      .where('id', '<>', id)
      .execute();
    await tx.deleteFrom('sessions').where('user_id', '=', row.user_id).execute();
    return user;
  });
}

import type { Db } from '../client.ts';
import { executePrepared } from '../prepared.ts';
import type { ApiToken } from '../schema.ts';
import type { PublicUser } from './users.ts';

export async function createApiToken(
  db: Db,
  input: {
    userId: string;
    name: string;
    tokenHash: string;
    prefix: string;
    expiresAt: Date | null;
  },
): Promise<ApiToken> {
  return db
    .insertInto('api_tokens')
    .values({
      user_id: input.userId,
      name: input.name,
      token_hash: input.tokenHash,
      prefix: input.prefix,
      expires_at: input.expiresAt,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function listApiTokens(db: Db, userId: string): Promise<ApiToken[]> {
  return db
    .selectFrom('api_tokens')
    .selectAll()
    .where('user_id', '=', userId)
    .orderBy('created_at', 'desc')
    .execute();
}

/** Revokes the user's token (idempotent); false when it is not theirs. */
export async function revokeApiToken(db: Db, userId: string, id: string): Promise<boolean> {
  const row = await db
    .updateTable('api_tokens')
    .set((eb) => ({ revoked_at: eb.fn.coalesce('revoked_at', eb.val(new Date())) }))
    .where('id', '=', id)
    .where('user_id', '=', userId)
    .returning('id')
    .executeTakeFirst();
  return row !== undefined;
}

/** The user behind a live (unrevoked, unexpired) token. */
export async function findApiTokenUser(
  db: Db,
  tokenHash: string,
): Promise<{ tokenId: string; lastUsedAt: Date | null; user: PublicUser } | undefined> {
  const query = db
    .selectFrom('api_tokens as t')
    .innerJoin('users as u', 'u.id', 't.user_id')
    .select(['t.id as token_id', 't.last_used_at', 'u.id', 'u.email', 'u.name', 'u.created_at'])
    .where('t.token_hash', '=', tokenHash)
    .where('t.revoked_at', 'is', null)
    .where((eb) => eb.or([eb('t.expires_at', 'is', null), eb('t.expires_at', '>', new Date())]));
  const [row] = await executePrepared(db, query);
  if (!row) return undefined;
  return {
    tokenId: row.token_id,
    lastUsedAt: row.last_used_at,
    user: { id: row.id, email: row.email, name: row.name, created_at: row.created_at },
  };
}

export async function touchApiToken(db: Db, id: string): Promise<void> {
  await db
    .updateTable('api_tokens')
    .set({ last_used_at: new Date() })
    .where('id', '=', id)
    .execute();
}

import { randomBytes } from 'node:crypto';
import {
  createApiToken,
  findApiTokenUser,
  listApiTokens,
  revokeApiToken,
  touchApiToken,
  type ApiToken,
  type Db,
} from '@parley/db';
import type { ApiTokenView } from '@parley/protocol';
import { z } from 'zod';
import { hashSessionToken } from './session.ts';
import { toSessionUser, type SessionUser } from './service.ts';

export const API_TOKEN_PREFIX = 'parley_pat_';

export const createApiTokenSchema = z.object({
  name: z
    .string({ error: 'Name is required.' })
    .trim()
    .min(1, 'Name is required.')
    .max(100, 'Name must be at most 100 characters.'),
  expiresInDays: z
    .number({ error: 'expiresInDays must be a number of days.' })
    .int('expiresInDays must be a whole number.')
    .min(1, 'expiresInDays must be at least 1.')
    .max(3650, 'expiresInDays must be at most 3650.')
    .optional(),
});

function view(t: ApiToken): ApiTokenView {
  return {
    id: t.id,
    name: t.name,
    prefix: t.prefix,
    createdAt: t.created_at.toISOString(),
    lastUsedAt: t.last_used_at?.toISOString() ?? null,
    expiresAt: t.expires_at?.toISOString() ?? null,
    revokedAt: t.revoked_at?.toISOString() ?? null,
  };
}

/** Creates a token; the secret is returned once and only its SHA-256 is stored. */
export async function createPersonalToken(
  db: Db,
  userId: string,
  input: z.output<typeof createApiTokenSchema>,
): Promise<{ token: string; apiToken: ApiTokenView }> {
  const token = API_TOKEN_PREFIX + randomBytes(32).toString('base64url');
  const expiresAt = input.expiresInDays
    ? new Date(Date.now() + input.expiresInDays * 86_400_000)
    : null;
  const row = await createApiToken(db, {
    userId,
    name: input.name,
    tokenHash: hashSessionToken(token),
    prefix: token.slice(0, API_TOKEN_PREFIX.length + 4),
    expiresAt,
  });
  return { token, apiToken: view(row) };
}

export async function listPersonalTokens(db: Db, userId: string): Promise<ApiTokenView[]> {
  return (await listApiTokens(db, userId)).map(view);
}

export function revokePersonalToken(db: Db, userId: string, id: string): Promise<boolean> {
  return revokeApiToken(db, userId, id);
}

/** The user behind a bearer API token; null when unknown, revoked or expired. */
export async function resolveApiToken(
  db: Db,
  token: string,
): Promise<{ user: SessionUser; tokenId: string } | null> {
  if (!/^parley_pat_[A-Za-z0-9_-]{43}$/.test(token)) return null;
  const found = await findApiTokenUser(db, hashSessionToken(token));
  if (!found) return null;
  if (!found.lastUsedAt || Date.now() - found.lastUsedAt.getTime() > 60_000) {
    await touchApiToken(db, found.tokenId);
  }
  return { user: toSessionUser(found.user), tokenId: found.tokenId };
}

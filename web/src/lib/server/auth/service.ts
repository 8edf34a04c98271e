import {
  createSession,
  createUser,
  deleteSession,
  findSession,
  findUserByEmail,
  touchSession,
  type Db,
  type PublicUser,
} from '@parley/db';
import { burnPasswordCheck, hashPassword, verifyPassword } from './password.ts';
import type { LoginInput, SignupInput } from './schemas.ts';
import {
  generateSessionToken,
  hashSessionToken,
  isWellFormedToken,
  sessionExpiry,
  shouldRenew,
} from './session.ts';

/** The user as the app and API expose it. */
export interface SessionUser {
  id: string;
  email: string;
  name: string;
  createdAt: string;
}

/** camelCase, JSON-safe view of a user row. */
export function toSessionUser(u: PublicUser): SessionUser {
  return { id: u.id, email: u.email, name: u.name, createdAt: u.created_at.toISOString() };
}

export const EMAIL_TAKEN = 'An account with this email already exists.';
export const BAD_CREDENTIALS = 'Email or password is incorrect.';

/** Creates an account; `{ fields }` when the email is taken. */
export async function signUp(
  db: Db,
  input: SignupInput,
): Promise<{ user: SessionUser } | { fields: Record<string, string> }> {
  const passwordHash = await hashPassword(input.password);
  const user = await createUser(db, { email: input.email, name: input.name, passwordHash });
  if (!user) return { fields: { email: EMAIL_TAKEN } };
  return { user: toSessionUser(user) };
}

/** Checks credentials; null when wrong (same cost whether the email exists or not). */
export async function logIn(db: Db, input: LoginInput): Promise<SessionUser | null> {
  const user = await findUserByEmail(db, input.email);
  if (!user) {
    await burnPasswordCheck(input.password);
    return null;
  }
  if (!(await verifyPassword(user.password_hash, input.password))) return null;
  return toSessionUser(user);
}

/** Starts a session; returns the token for the cookie and its expiry. */
export async function startSession(
  db: Db,
  userId: string,
  ttlDays: number,
): Promise<{ token: string; expiresAt: Date }> {
  const token = generateSessionToken();
  const expiresAt = sessionExpiry(ttlDays);
  await createSession(db, { id: hashSessionToken(token), userId, expiresAt });
  return { token, expiresAt };
}

/**
 * Resolves a cookie token to its user, sliding the expiry forward when past half-life.
 * `renewedUntil` is set when the cookie should be re-issued.
 */
export async function resolveSession(
  db: Db,
  token: string,
  ttlDays: number,
): Promise<{ user: SessionUser; sessionId: string; renewedUntil: Date | null } | null> {
  if (!isWellFormedToken(token)) return null;
  const id = hashSessionToken(token);
  const session = await findSession(db, id);
  if (!session) return null;
  let renewedUntil: Date | null = null;
  if (shouldRenew(session.expiresAt, ttlDays)) {
    renewedUntil = sessionExpiry(ttlDays);
    await touchSession(db, id, renewedUntil);
  }
  return { user: toSessionUser(session.user), sessionId: id, renewedUntil };
}

/** Ends the session identified by its cookie token (no-op for unknown tokens). */
export async function endSession(db: Db, token: string): Promise<void> {
  if (!isWellFormedToken(token)) return;
  await deleteSession(db, hashSessionToken(token));
}

import {
  createSession,
  createUser,
  deleteSession,
  findSessionsWithMeetings,
  findUserByEmail,
  touchSessions,
  type Db,
  type MeetingWithRelation,
  type PublicUser,
  type SessionLookup,
  type SessionWithMeeting,
} from '@parley/db';
import { batchLookups } from '../batch/index.ts';
import { createCache, invalidate, tag } from '../cache/index.ts';
import { errorFields, log } from '../ops/log.ts';
import { burnPasswordCheck, hashPassword, verifyPassword } from './password.ts';
import type { LoginInput, SignupInput } from './schemas.ts';
import {
  generateSessionToken,
  hashSessionToken,
  isWellFormedToken,
  nextIdleExpiry,
  sessionExpiry,
  shouldTouch,
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
  const user = await createUser(db, {
    email: input.email,
    name: input.name,
    passwordHash,
    timeZone: input.timeZone ?? null,
  });
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

export interface SessionLifetimes {
  /** Days unused before the session ends. */
  idleDays: number;
  /** Days from login until the session ends regardless. */
  absoluteDays: number;
}

/** Starts a session; returns the token for the cookie and its absolute expiry. */
export async function startSession(
  db: Db,
  userId: string,
  life: SessionLifetimes,
): Promise<{ token: string; sessionId: string; expiresAt: Date }> {
  const token = generateSessionToken();
  const absolute = sessionExpiry(life.absoluteDays);
  const sessionId = hashSessionToken(token);
  await createSession(db, {
    id: sessionId,
    userId,
    expiresAt: nextIdleExpiry(life.idleDays, absolute),
    absoluteExpiresAt: absolute,
  });
  return { token, sessionId, expiresAt: absolute };
}

interface CachedSession {
  user: SessionUser;
  idleExpiresAt: number;
  absoluteExpiresAt: number | null;
}

/**
 * Resolved sessions are kept in-process for `cacheMs` (SESSION_CACHE_MS) so hot endpoints such as
 * token issue cost no session query. Logout, log-out-everywhere, password change and account
 * deletion evict them in every web process (`invalidate`, tags `session:<id>` and `user:<id>`).
 */
const cache = createCache<CachedSession>();

export interface ResolvedSession {
  user: SessionUser;
  sessionId: string;
  /**
   * With `opts.meetingId`, when the session was read from the database: the user's relation to
   * that meeting, read in the same query (null: not theirs to see).
   */
  meeting?: MeetingWithRelation | null;
}

/**
 * Activity is written behind, in one statement for every session seen in the last 250 ms, so a
 * burst of first requests (everyone joining at 9:00) costs the database one write, not one each.
 * A write that fails or is lost with the process only leaves an idle deadline a little earlier.
 */
const touches = new Map<string, Date>();
let touchTimer: NodeJS.Timeout | undefined;

function touchLater(db: Db, id: string, expiresAt: Date): void {
  touches.set(id, expiresAt);
  touchTimer ??= setTimeout(() => {
    touchTimer = undefined;
    const batch = [...touches].map(([sessionId, at]) => ({ id: sessionId, expiresAt: at }));
    touches.clear();
    touchSessions(db, batch).catch((err: unknown) =>
      log.warn({ sessions: batch.length, ...errorFields(err) }, 'session activity not saved'),
    );
  }, 250).unref();
}

/**
 * Session lookups of concurrent requests share a query: while one is running, the lookups that
 * arrive wait and go out together in the next (a burst of first requests, everyone joining at
 * 9:00, costs the database and this process a few statements, not one each; an idle process
 * sends each at once). Each lookup still starts after its request arrived (after its cache
 * ticket) and answers for its own session only.
 */
const SESSION_QUERIES_IN_FLIGHT = 1;
type LookupSession = (l: SessionLookup) => Promise<SessionWithMeeting | undefined>;
const lookupsByDb = new WeakMap<Db, LookupSession>();

function sessionLookups(db: Db): LookupSession {
  let lookup = lookupsByDb.get(db);
  if (!lookup) {
    const batched = batchLookups<SessionWithMeeting | undefined>(
      async (keys) => {
        const asked = keys.map(parseLookupKey);
        const found = await findSessionsWithMeetings(db, asked);
        return new Map(keys.map((k, i) => [k, found[i]]));
      },
      { missing: undefined, maxInFlight: SESSION_QUERIES_IN_FLIGHT },
    );
    lookup = (l) => batched(lookupKey(l));
    lookupsByDb.set(db, lookup);
  }
  return lookup;
}

/** `<session id> <meeting id>`: session ids are hex, so the space cannot be part of one. */
const lookupKey = (l: SessionLookup) => `${l.id} ${l.meetingId ?? ''}`;

function parseLookupKey(key: string): SessionLookup {
  const at = key.indexOf(' ');
  const meetingId = key.slice(at + 1);
  return { id: key.slice(0, at), meetingId: meetingId === '' ? undefined : meetingId };
}

/**
 * Resolves a cookie token to its user: idle and absolute deadlines are enforced; activity slides
 * the idle deadline (written at most once a minute).
 */
export async function resolveSession(
  db: Db,
  token: string,
  life: SessionLifetimes,
  cacheMs: number,
  opts: { meetingId?: string } = {},
): Promise<ResolvedSession | null> {
  if (!isWellFormedToken(token)) return null;
  const id = hashSessionToken(token);
  const now = Date.now();
  const hit = cacheMs > 0 ? cache.get(id) : undefined;
  if (hit) {
    if (hit.idleExpiresAt > now && (hit.absoluteExpiresAt ?? Infinity) > now) {
      return { user: hit.user, sessionId: id };
    }
    cache.delete(id);
    return null;
  }
  const ticket = cache.ticket();
  const found = await sessionLookups(db)({ id, meetingId: opts.meetingId });
  const session = found?.session;
  if (!session) return null;
  let idle = session.expiresAt;
  if (shouldTouch(session.lastSeenAt)) {
    idle = nextIdleExpiry(life.idleDays, session.absoluteExpiresAt);
    touchLater(db, id, idle);
  }
  const user = toSessionUser(session.user);
  const entry = {
    user,
    idleExpiresAt: idle.getTime(),
    absoluteExpiresAt: session.absoluteExpiresAt?.getTime() ?? null,
  };
  cache.set(ticket, id, entry, [tag.session(id), tag.user(user.id)], cacheMs);
  return opts.meetingId === undefined
    ? { user, sessionId: id }
    : { user, sessionId: id, meeting: found?.relation ?? null };
}

/** Ends the session identified by its cookie token (no-op for unknown tokens). */
export async function endSession(db: Db, token: string): Promise<void> {
  if (!isWellFormedToken(token)) return;
  const id = hashSessionToken(token);
  await deleteSession(db, id);
  await invalidate(tag.session(id));
}

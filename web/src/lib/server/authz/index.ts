/**
 * The one authorization module. Every page, form action, API route and query that touches a
 * meeting or a team decides here who may do what:
 *
 * | role          | read | join | update | delete | end | moderate | guest links | attendance | action items | transcript |
 * | ------------- | ---- | ---- | ------ | ------ | --- | -------- | ----------- | ---------- | ------------ | ---------- |
 * | owner         | ✓    | ✓    | ✓      | ✓      | ✓   | ✓        | ✓           | ✓          | ✓            | ✓          |
 * | team_admin    | ✓    | ✓    | ✓      | ✓      | ✓   | ✓        | ✓           | ✓          | ✓            | ✓          |
 * | team_member   | ✓    | ✓    |        |        |     |          |             | ✓          | ✓            |            |
 * | guest         |      | ✓    |        |        |     |          |             |            |              |            |
 *
 * `transcript` is correcting it: a line's text, split, merge, naming a speaker (in the room too).
 *
 * `read` also covers the brief drawn from the meeting's subject (guests never see it).
 *
 * Anyone else (strangers, guests of another meeting) gets `null` from `resolveMeetingAccess`, and
 * routes answer 404 so the meeting's existence is not revealed. A caller who may read but not act
 * gets 403. Listing queries take the principal and filter in SQL (owner OR member of the team).
 */
import {
  findMeetingById,
  findSubjectWithRelation,
  findMeetingWithRelation,
  findTeamForMember,
  type Db,
  type Meeting,
  type MeetingWithRelation,
  type Subject,
  type TeamWithRole,
} from '@parley/db';
import { isUuid, type TeamRole } from '@parley/protocol';
import type { Principal } from '../auth/principal.ts';
import { createCache, tag, type Ticket } from '../cache/index.ts';
import { ApiError } from '../http/errors.ts';

export type MeetingRole = 'owner' | 'team_admin' | 'team_member' | 'guest';

export const MEETING_ACTIONS = [
  'read',
  'join',
  'update',
  'delete',
  'end',
  'moderate',
  'create_guest_link',
  'view_attendance',
  'edit_action_items',
  'edit_transcript',
  'share',
] as const;
export type MeetingAction = (typeof MEETING_ACTIONS)[number];

const HOST: readonly MeetingAction[] = MEETING_ACTIONS;
const MATRIX: Record<MeetingRole, ReadonlySet<MeetingAction>> = {
  owner: new Set(HOST),
  team_admin: new Set(HOST),
  team_member: new Set<MeetingAction>(['read', 'join', 'view_attendance', 'edit_action_items']),
  guest: new Set<MeetingAction>(['join']),
};

export interface MeetingAccess {
  meeting: Meeting;
  role: MeetingRole;
}

/** The caller's role for a team role (owners and admins of the team administer its meetings). */
function roleFromTeam(teamRole: TeamRole | null): MeetingRole | null {
  if (teamRole === 'owner' || teamRole === 'admin') return 'team_admin';
  if (teamRole === 'member') return 'team_member';
  return null;
}

/**
 * The meeting and the caller's role in it, or null when the caller may not know it exists
 * (unknown id, malformed id, stranger, anonymous, guest of another meeting). One indexed query.
 */
export async function resolveMeetingAccess(
  db: Db,
  principal: Principal | null,
  meetingId: string,
): Promise<MeetingAccess | null> {
  if (!principal || !isUuid(meetingId)) return null;
  if (principal.kind === 'guest') {
    if (principal.guest.meetingId !== meetingId.toLowerCase()) return null;
    const meeting = await findMeetingById(db, principal.guest.meetingId);
    return meeting ? { meeting, role: 'guest' } : null;
  }
  return accessFromRelation(
    principal.user.id,
    await findMeetingWithRelation(db, meetingId, principal.user.id),
  );
}

/** The user's access from their relation to the meeting (owner, or their team role). */
function accessFromRelation(
  userId: string,
  found: MeetingWithRelation | null | undefined,
): MeetingAccess | null {
  if (!found) return null;
  if (found.meeting.owner_id === userId) return { meeting: found.meeting, role: 'owner' };
  const role = roleFromTeam(found.teamRole);
  return role ? { meeting: found.meeting, role } : null;
}

/**
 * A short-lived in-process cache of user access (the token route is hot: a join must not cost a
 * query). Entries live `ttlMs` at most and are evicted in every web process by any change to the
 * user's roles (`user:<id>`), the meeting (`meeting:<id>`) or its team (`team:<id>`). Only
 * positive answers are cached (gaining access is never delayed). Guests are never cached: their
 * session is checked on every call.
 */
const accessCache = createCache<MeetingAccess>();

/**
 * The caller's relation to one meeting, read with their session in the same query (the token
 * route's first request: `resolveSession` with a meeting id). `ticket` was taken before that read.
 */
export interface PrefetchedAccess {
  meetingId: string;
  relation: MeetingWithRelation | null;
  ticket: Ticket;
}

/** A fill ticket of the access cache, for a read that starts now (see `PrefetchedAccess`). */
export function accessCacheTicket(): Ticket {
  return accessCache.ticket();
}

/** `resolveMeetingAccess` with the in-process cache (users only). */
export async function resolveMeetingAccessCached(
  db: Db,
  principal: Principal | null,
  meetingId: string,
  ttlMs: number,
  prefetched?: PrefetchedAccess | null,
): Promise<MeetingAccess | null> {
  if (!principal || principal.kind !== 'user') {
    return resolveMeetingAccess(db, principal, meetingId);
  }
  const key = `${principal.user.id}|${meetingId.toLowerCase()}`;
  const hit = ttlMs > 0 ? accessCache.get(key) : undefined;
  if (hit) return hit;
  const known = prefetched?.meetingId === meetingId ? prefetched : undefined;
  const ticket = known?.ticket ?? accessCache.ticket();
  const access = known
    ? accessFromRelation(principal.user.id, known.relation)
    : await resolveMeetingAccess(db, principal, meetingId);
  if (access) accessCache.set(ticket, key, access, accessTags(principal.user.id, access), ttlMs);
  return access;
}

function accessTags(userId: string, { meeting }: MeetingAccess): string[] {
  const tags = [tag.user(userId), tag.meeting(meeting.id)];
  if (meeting.team_id) tags.push(tag.team(meeting.team_id));
  return tags;
}

/** True when the role allows the action. */
export function can(access: Pick<MeetingAccess, 'role'> | null, action: MeetingAction): boolean {
  return access !== null && MATRIX[access.role].has(action);
}

/** The actions a role allows (for UIs and the API's `permissions` field). */
export function allowedActions(role: MeetingRole): MeetingAction[] {
  return MEETING_ACTIONS.filter((a) => MATRIX[role].has(a));
}

export const NOT_FOUND_MESSAGE = 'Meeting not found.';

/**
 * Resolves access and checks one action: 401 for anonymous callers, 404 when the caller may not
 * see the meeting (or may not read it and may not do the action), 403 when they can see it but
 * not do this.
 */
export async function authorizeMeeting(
  db: Db,
  principal: Principal | null,
  meetingId: string,
  action: MeetingAction,
  opts: { cacheMs?: number; prefetched?: PrefetchedAccess | null } = {},
): Promise<MeetingAccess> {
  if (!principal) throw new ApiError(401, 'unauthenticated', 'Sign in first.');
  const access = await resolveMeetingAccessCached(
    db,
    principal,
    meetingId,
    opts.cacheMs ?? 0,
    opts.prefetched,
  );
  if (!access || (!can(access, 'read') && !can(access, action))) {
    throw new ApiError(404, 'not_found', NOT_FOUND_MESSAGE);
  }
  if (!can(access, action)) {
    throw new ApiError(403, 'forbidden', `You may not ${action.replace(/_/g, ' ')} this meeting.`);
  }
  return access;
}

// ---------------------------------------------------------------- teams

export const TEAM_ACTIONS = [
  'read',
  'invite',
  'manage_members',
  'create_meeting',
  'manage_settings',
  'delete',
] as const;
export type TeamAction = (typeof TEAM_ACTIONS)[number];

const TEAM_MATRIX: Record<TeamRole, ReadonlySet<TeamAction>> = {
  owner: new Set(TEAM_ACTIONS),
  admin: new Set<TeamAction>([
    'read',
    'invite',
    'manage_members',
    'create_meeting',
    'manage_settings',
  ]),
  member: new Set<TeamAction>(['read']),
};

export function canTeam(role: TeamRole | null | undefined, action: TeamAction): boolean {
  return !!role && TEAM_MATRIX[role].has(action);
}

/** The team and the user's role; 404 for non-members (and guests), 403 when the role is short. */
export async function authorizeTeam(
  db: Db,
  principal: Principal | null,
  teamId: string,
  action: TeamAction,
): Promise<TeamWithRole> {
  if (!principal || principal.kind !== 'user' || !isUuid(teamId)) {
    throw new ApiError(404, 'not_found', 'Team not found.');
  }
  const team = await findTeamForMember(db, teamId, principal.user.id);
  if (!team) throw new ApiError(404, 'not_found', 'Team not found.');
  if (!canTeam(team.role, action)) {
    throw new ApiError(403, 'forbidden', `You may not ${action.replace(/_/g, ' ')} in this team.`);
  }
  return team;
}

// ---------------------------------------------------------------- subjects

/**
 * Subjects follow their scope: a personal subject is its owner's alone; a team subject is read by
 * the team's members and renamed or merged by its owners and admins (who administer its
 * meetings). Guests, strangers and unknown ids get 404.
 */
export type SubjectAction = 'read' | 'update';

export interface SubjectAccess {
  subject: Subject;
  actions: SubjectAction[];
}

export async function authorizeSubject(
  db: Db,
  principal: Principal | null,
  subjectId: string,
  action: SubjectAction,
): Promise<SubjectAccess> {
  const p = requirePrincipal(principal);
  const found =
    p.kind === 'user' && isUuid(subjectId)
      ? await findSubjectWithRelation(db, subjectId, p.user.id)
      : undefined;
  if (!found) throw new ApiError(404, 'not_found', 'Subject not found.');
  const admin = found.subject.team_id === null || roleFromTeam(found.teamRole) === 'team_admin';
  const actions: SubjectAction[] = admin ? ['read', 'update'] : ['read'];
  if (!actions.includes(action)) {
    throw new ApiError(403, 'forbidden', `You may not ${action} this subject.`);
  }
  return { subject: found.subject, actions };
}

/** A signed-in user or a guest: 401 for anonymous callers. */
export function requirePrincipal(principal: Principal | null): Principal {
  if (!principal) throw new ApiError(401, 'unauthenticated', 'Sign in first.');
  return principal;
}

/** The signed-in user behind a principal; 401 for anonymous callers, 403 for guests. */
export function requireUser(principal: Principal | null) {
  const p = requirePrincipal(principal);
  if (p.kind !== 'user')
    throw new ApiError(403, 'forbidden', 'Guests may only join their meeting.');
  return p;
}

/** A signed-in user through a browser session (account changes are not open to API tokens). */
export function requireSessionUser(principal: Principal | null) {
  const p = requireUser(principal);
  if (p.via !== 'session') {
    throw new ApiError(403, 'session_required', 'This needs a browser session, not an API token.');
  }
  return p;
}

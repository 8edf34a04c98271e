import { randomBytes } from 'node:crypto';
import {
  acceptTeamInvite,
  countTeamOwners,
  createTeam,
  createTeamInvite,
  deleteTeam,
  findTeamForMember,
  listOpenTeamRooms,
  listTeamMeetings,
  listTeamMembers,
  listTeamsForUser,
  removeTeamMember,
  setTeamMemberRole,
  setTeamSttProvider,
  teamSttUsage,
  type Db,
} from '@parley/db';
import type { ApiSttUsage, ApiTeam, SttProvider, TeamRole } from '@parley/protocol';
import { moveTeamMeetingVectors } from '@parley/services/indexing';
import type { UserPrincipal } from '../auth/principal.ts';
import { hashSessionToken } from '../auth/session.ts';
import { authorizeTeam } from '../authz/index.ts';
import { invalidate, tag } from '../cache/index.ts';
import { ApiError } from '../http/errors.ts';
import { chargeInviteEmails } from '../mail/index.ts';
import { reportError } from '../http/report.ts';
import { removeFromLiveRooms } from '../livekit/service.ts';
import { semanticIndex } from '../search/services.ts';
import { emailTeamInvite, type TeamInviteEmail } from './invite-email.ts';
import type { UpdateTeamInput } from './schemas.ts';

export { teamInsightsFor } from './insights.ts';
export {
  acceptInviteSchema,
  createInviteSchema,
  createTeamSchema,
  insightsQuerySchema,
  setRoleSchema,
  sttUsageQuerySchema,
  updateTeamSchema,
  type UpdateTeamInput,
} from './schemas.ts';

function toApiTeam(t: {
  id: string;
  name: string;
  role: TeamRole;
  created_at: Date;
  stt_provider: SttProvider | null;
}): ApiTeam {
  return {
    id: t.id,
    name: t.name,
    role: t.role,
    createdAt: t.created_at.toISOString(),
    sttProvider: t.stt_provider,
  };
}

/** Changes the team's settings (owners and admins; members 403, strangers 404). */
export async function updateTeamFor(
  db: Db,
  p: UserPrincipal,
  teamId: string,
  input: UpdateTeamInput,
): Promise<ApiTeam> {
  const team = await authorizeTeam(db, p, teamId, 'manage_settings');
  if (!(await setTeamSttProvider(db, team.id, input.sttProvider))) {
    throw new ApiError(404, 'not_found', 'Team not found.');
  }
  return toApiTeam({ ...team, stt_provider: input.sttProvider });
}

export async function createTeamFor(db: Db, p: UserPrincipal, name: string): Promise<ApiTeam> {
  const team = await createTeam(db, { name, ownerId: p.user.id });
  return toApiTeam({ ...team, role: 'owner' });
}

export async function listTeamsFor(db: Db, p: UserPrincipal): Promise<ApiTeam[]> {
  return (await listTeamsForUser(db, p.user.id)).map(toApiTeam);
}

export async function teamDetail(db: Db, p: UserPrincipal, teamId: string) {
  const team = await authorizeTeam(db, p, teamId, 'read');
  const members = await listTeamMembers(db, team.id);
  return {
    team: toApiTeam(team),
    members: members.map((m) => ({
      userId: m.userId,
      name: m.name,
      role: m.role,
      joinedAt: m.joinedAt.toISOString(),
    })),
  };
}

/**
 * Seconds of audio the team's meetings sent to each speech-to-text provider over the last
 * `days` (owners and admins: it is a budget line; members 403, others 404).
 */
export async function teamSttUsageFor(
  db: Db,
  p: UserPrincipal,
  teamId: string,
  days: number,
): Promise<ApiSttUsage> {
  const team = await authorizeTeam(db, p, teamId, 'manage_settings');
  const usage = await teamSttUsage(db, team.id, {
    since: new Date(Date.now() - days * 86_400_000),
  });
  return {
    days,
    totals: usage.totals,
    meetings: usage.meetings.map((m) => ({
      ...m,
      startedAt: m.startedAt?.toISOString() ?? null,
    })),
  };
}

/**
 * A single-use, expiring invite link. Only admins may invite admins; only owners make owners.
 * With `email`, the link is also emailed to that address (charged to RATE_LIMIT_INVITE_EMAIL
 * before the link is made; 503 on a server without SMTP).
 */
export async function inviteToTeam(
  db: Db,
  p: UserPrincipal,
  teamId: string,
  role: 'admin' | 'member',
  ttlHours: number,
  email?: { to: string; origin: string },
): Promise<{
  token: string;
  path: string;
  expiresAt: string;
  role: 'admin' | 'member';
  email?: TeamInviteEmail;
}> {
  const team = await authorizeTeam(db, p, teamId, 'invite');
  if (email) await chargeInviteEmails(p.user.id, 1, 'email');
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(Date.now() + ttlHours * 3_600_000);
  await createTeamInvite(db, {
    teamId: team.id,
    tokenHash: hashSessionToken(token),
    role,
    createdBy: p.user.id,
    expiresAt,
  });
  const path = `/invite/${token}`;
  const invite = { token, path, expiresAt: expiresAt.toISOString(), role };
  if (!email) return invite;
  const sent = await emailTeamInvite(db, {
    inviterId: p.user.id,
    team,
    to: email.to,
    url: email.origin + path,
    role,
    expiresAt,
  });
  return { ...invite, email: sent };
}

/** Uses an invite; 401 when it is unknown, used or expired. */
export async function acceptInvite(db: Db, p: UserPrincipal, token: string): Promise<ApiTeam> {
  const teamId = await acceptTeamInvite(db, hashSessionToken(token), p.user.id);
  if (!teamId) {
    throw new ApiError(401, 'invite_invalid', 'This invite link is invalid, used or expired.');
  }
  await invalidate(tag.user(p.user.id));
  const team = await findTeamForMember(db, teamId, p.user.id);
  if (!team) throw new ApiError(404, 'not_found', 'Team not found.');
  return toApiTeam(team);
}

/** Changes a member's role (admins manage members; only owners grant or take ownership). */
export async function changeMemberRole(
  db: Db,
  p: UserPrincipal,
  teamId: string,
  userId: string,
  role: TeamRole,
): Promise<void> {
  const team = await authorizeTeam(db, p, teamId, 'manage_members');
  const target = await findTeamForMember(db, teamId, userId);
  if (!target) throw new ApiError(404, 'not_found', 'Member not found.');
  if ((role === 'owner' || target.role === 'owner') && team.role !== 'owner') {
    throw new ApiError(403, 'forbidden', 'Only team owners grant or take ownership.');
  }
  if (target.role === 'owner' && role !== 'owner' && (await countTeamOwners(db, teamId)) <= 1) {
    throw new ApiError(409, 'last_owner', 'A team needs at least one owner.');
  }
  await setTeamMemberRole(db, teamId, userId, role);
  await invalidate(tag.user(userId));
}

/** Removes a member (admins), or leaves the team (anyone, for themself). */
export async function removeMember(
  db: Db,
  p: UserPrincipal,
  teamId: string,
  userId: string,
): Promise<void> {
  const self = userId === p.user.id;
  const team = await authorizeTeam(db, p, teamId, self ? 'read' : 'manage_members');
  const target = await findTeamForMember(db, teamId, userId);
  if (!target) throw new ApiError(404, 'not_found', 'Member not found.');
  if (target.role === 'owner') {
    if (!self && team.role !== 'owner') {
      throw new ApiError(403, 'forbidden', 'Only team owners remove owners.');
    }
    if ((await countTeamOwners(db, teamId)) <= 1) {
      throw new ApiError(409, 'last_owner', 'A team needs at least one owner.');
    }
  }
  await removeTeamMember(db, teamId, userId);
  await invalidate(tag.user(userId));
  const reason = self ? 'You left the team.' : 'You were removed from the team.';
  await takeOutOfTeamRooms(db, teamId, [userId], reason);
}

/**
 * Deletes the team (owners). Its meetings stay with their owners as personal meetings. Its
 * members leave its live rooms first; then the meetings' vectors move from the team's namespace
 * to their owners' (even if LiveKit could not be reached; a move that fails is reported and the
 * deletion stands: those meetings fall back to full-text search).
 */
export async function deleteTeamFor(db: Db, p: UserPrincipal, teamId: string): Promise<void> {
  const team = await authorizeTeam(db, p, teamId, 'delete');
  const members = await listTeamMembers(db, team.id);
  const meetings = await listTeamMeetings(db, team.id);
  await deleteTeam(db, team.id);
  await invalidate(tag.team(team.id));
  try {
    await takeOutOfTeamRooms(
      db,
      team.id,
      members.map((m) => m.userId),
      'The team was deleted.',
      meetings.filter((m) => m.open),
    );
  } finally {
    const indexing = semanticIndex();
    if (indexing && meetings.length > 0) {
      await moveTeamMeetingVectors(indexing.store, db, team.id, meetings, (meetingId, err) =>
        reportError(err, { method: 'MOVE_VECTORS', path: `/meetings/${meetingId}` }),
      );
    }
  }
}

/**
 * People who lost access to a team's meetings leave its live rooms at once (LiveKit
 * RemoveParticipant with a notice), except in meetings they own. The change itself is already
 * committed: when LiveKit cannot be reached this answers 502 saying so (new tokens are refused
 * either way).
 */
async function takeOutOfTeamRooms(
  db: Db,
  teamId: string,
  userIds: readonly string[],
  reason: string,
  known?: { roomName: string; ownerId: string }[],
): Promise<void> {
  const rooms = known ?? (await listOpenTeamRooms(db, teamId));
  try {
    await Promise.all(
      userIds.map((id) =>
        removeFromLiveRooms(
          rooms.filter((r) => r.ownerId !== id).map((r) => r.roomName),
          id,
          reason,
        ),
      ),
    );
  } catch (err) {
    const ref = reportError(err, { method: 'DELETE', path: `team ${teamId} live rooms` });
    throw new ApiError(
      502,
      'room_update_failed',
      `Saved, but not everyone could be taken out of the team's live meetings (reference ${ref}).`,
    );
  }
}

import { randomBytes } from 'node:crypto';
import {
  acceptTeamInvite,
  countTeamOwners,
  createTeam,
  createTeamInvite,
  findTeamForMember,
  listTeamMembers,
  listTeamsForUser,
  removeTeamMember,
  setTeamMemberRole,
  setTeamSttProvider,
  TEAM_ROLES,
  type Db,
  type TeamRole,
} from '@parley/db';
import { z } from 'zod';
import type { UserPrincipal } from '../auth/principal.ts';
import { hashSessionToken } from '../auth/session.ts';
import { accessChanged, authorizeTeam } from '../authz/index.ts';
import { ApiError } from '../http/errors.ts';

export const createTeamSchema = z.object({
  name: z
    .string({ error: 'Name is required.' })
    .trim()
    .min(2, 'Name must be at least 2 characters.')
    .max(100, 'Name must be at most 100 characters.'),
});

export const createInviteSchema = z.object({
  role: z.enum(['admin', 'member'], { error: 'Role must be admin or member.' }).default('member'),
});

export const acceptInviteSchema = z.object({
  token: z
    .string({ error: 'Token is required.' })
    .regex(/^[A-Za-z0-9_-]{43}$/, 'Token is malformed.'),
});

export const setRoleSchema = z.object({
  role: z.enum(TEAM_ROLES, { error: `Role must be one of: ${TEAM_ROLES.join(', ')}.` }),
});

export const STT_PROVIDERS = ['local', 'openai'] as const;
export type SttProvider = (typeof STT_PROVIDERS)[number];

/** Team settings (owners and admins); null: the server default. */
export const updateTeamSchema = z.strictObject({
  sttProvider: z
    .enum(STT_PROVIDERS, {
      error: `sttProvider must be one of: ${STT_PROVIDERS.join(', ')} (or null).`,
    })
    .nullable(),
});
export type UpdateTeamInput = z.output<typeof updateTeamSchema>;

const iso = z.iso.datetime();
export const apiTeamSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  role: z.enum(TEAM_ROLES),
  createdAt: iso,
  /** Speech-to-text provider of the team's meetings; null: the server default. */
  sttProvider: z.enum(STT_PROVIDERS).nullable(),
});
export const apiTeamMemberSchema = z.object({
  userId: z.uuid(),
  name: z.string(),
  role: z.enum(TEAM_ROLES),
  joinedAt: iso,
});

export interface ApiTeam {
  id: string;
  name: string;
  role: TeamRole;
  createdAt: string;
  sttProvider: SttProvider | null;
}

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

/** A single-use, expiring invite link. Only admins may invite admins; only owners make owners. */
export async function inviteToTeam(
  db: Db,
  p: UserPrincipal,
  teamId: string,
  role: 'admin' | 'member',
  ttlHours: number,
): Promise<{ token: string; path: string; expiresAt: string; role: 'admin' | 'member' }> {
  const team = await authorizeTeam(db, p, teamId, 'invite');
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(Date.now() + ttlHours * 3_600_000);
  await createTeamInvite(db, {
    teamId: team.id,
    tokenHash: hashSessionToken(token),
    role,
    createdBy: p.user.id,
    expiresAt,
  });
  return { token, path: `/invite/${token}`, expiresAt: expiresAt.toISOString(), role };
}

/** Uses an invite; 401 when it is unknown, used or expired. */
export async function acceptInvite(db: Db, p: UserPrincipal, token: string): Promise<ApiTeam> {
  const teamId = await acceptTeamInvite(db, hashSessionToken(token), p.user.id);
  accessChanged();
  if (!teamId) {
    throw new ApiError(401, 'invite_invalid', 'This invite link is invalid, used or expired.');
  }
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
  accessChanged();
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
  accessChanged();
}

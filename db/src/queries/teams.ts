import { sql } from 'kysely';
import type { SttProvider, TeamRole } from '@parley/protocol';
import type { Db } from '../client.ts';
import type { Team, TeamInvite } from '../schema.ts';

/** Creates a team with `ownerId` as its owner. */
export async function createTeam(db: Db, input: { name: string; ownerId: string }): Promise<Team> {
  return db.transaction().execute(async (trx) => {
    const team = await trx
      .insertInto('teams')
      .values({ name: input.name })
      .returningAll()
      .executeTakeFirstOrThrow();
    await trx
      .insertInto('team_members')
      .values({ team_id: team.id, user_id: input.ownerId, role: 'owner' })
      .execute();
    return team;
  });
}

export interface TeamWithRole extends Team {
  role: TeamRole;
}

/** The teams `userId` belongs to, with their role. */
export async function listTeamsForUser(db: Db, userId: string): Promise<TeamWithRole[]> {
  return db
    .selectFrom('teams as t')
    .innerJoin('team_members as tm', 'tm.team_id', 't.id')
    .selectAll('t')
    .select('tm.role')
    .where('tm.user_id', '=', userId)
    .orderBy('t.created_at')
    .orderBy('t.id')
    .execute();
}

/** The team and the user's role in it; undefined when the user is not a member. */
export async function findTeamForMember(
  db: Db,
  teamId: string,
  userId: string,
): Promise<TeamWithRole | undefined> {
  return db
    .selectFrom('teams as t')
    .innerJoin('team_members as tm', 'tm.team_id', 't.id')
    .selectAll('t')
    .select('tm.role')
    .where('t.id', '=', teamId)
    .where('tm.user_id', '=', userId)
    .executeTakeFirst();
}

export interface TeamMemberView {
  userId: string;
  name: string;
  role: TeamRole;
  joinedAt: Date;
}

export async function listTeamMembers(db: Db, teamId: string): Promise<TeamMemberView[]> {
  const rows = await db
    .selectFrom('team_members as tm')
    .innerJoin('users as u', 'u.id', 'tm.user_id')
    .select(['tm.user_id', 'u.name', 'tm.role', 'tm.created_at'])
    .where('tm.team_id', '=', teamId)
    .orderBy('tm.created_at')
    .execute();
  return rows.map((r) => ({
    userId: r.user_id,
    name: r.name,
    role: r.role,
    joinedAt: r.created_at,
  }));
}

export async function setTeamMemberRole(
  db: Db,
  teamId: string,
  userId: string,
  role: TeamRole,
): Promise<boolean> {
  const r = await db
    .updateTable('team_members')
    .set({ role })
    .where('team_id', '=', teamId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

export async function removeTeamMember(db: Db, teamId: string, userId: string): Promise<boolean> {
  const r = await db
    .deleteFrom('team_members')
    .where('team_id', '=', teamId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

export async function countTeamOwners(db: Db, teamId: string): Promise<number> {
  const row = await db
    .selectFrom('team_members')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('team_id', '=', teamId)
    .where('role', '=', 'owner')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * Deletes the team. Its meetings become their owners' personal meetings (`team_id` set null) and
 * keep their subject: each owner gets a personal subject of the same name (found or created) in
 * place of the team's, which goes with the team; the memory (summaries, metrics, action items)
 * hangs off the meetings, so it follows.
 */
export async function deleteTeam(db: Db, teamId: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await sql`
      insert into subjects (name, kind, owner_id, team_id)
      select distinct on (m.owner_id, lower(s.name)) s.name, s.kind, m.owner_id, null
        from meetings m join subjects s on s.id = m.subject_id
       where s.team_id = ${teamId}
       order by m.owner_id, lower(s.name)
      on conflict do nothing`.execute(trx);
    await sql`
      update meetings m set subject_id = p.id, subject = p.name
        from subjects s, subjects p
       where m.subject_id = s.id and s.team_id = ${teamId}
         and p.team_id is null and p.owner_id = m.owner_id and lower(p.name) = lower(s.name)`.execute(
      trx,
    );
    await trx.deleteFrom('teams').where('id', '=', teamId).execute();
  });
}

export async function createTeamInvite(
  db: Db,
  input: {
    teamId: string;
    tokenHash: string;
    role: 'admin' | 'member';
    createdBy: string;
    expiresAt: Date;
  },
): Promise<TeamInvite> {
  return db
    .insertInto('team_invites')
    .values({
      team_id: input.teamId,
      token_hash: input.tokenHash,
      role: input.role,
      created_by: input.createdBy,
      expires_at: input.expiresAt,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** An unused, unexpired invite with its team name; undefined otherwise. */
export async function findUsableInvite(
  db: Db,
  tokenHash: string,
): Promise<(TeamInvite & { team_name: string }) | undefined> {
  return db
    .selectFrom('team_invites as i')
    .innerJoin('teams as t', 't.id', 'i.team_id')
    .selectAll('i')
    .select('t.name as team_name')
    .where('i.token_hash', '=', tokenHash)
    .where('i.used_at', 'is', null)
    .where('i.expires_at', '>', new Date())
    .executeTakeFirst();
}

/**
 * Uses an invite once (atomically) and adds the user to the team; an existing member keeps the
 * higher role. Returns the team id, or undefined when the invite is unknown, used or expired.
 */
export async function acceptTeamInvite(
  db: Db,
  tokenHash: string,
  userId: string,
): Promise<string | undefined> {
  return db.transaction().execute(async (trx) => {
    const invite = await trx
      .updateTable('team_invites')
      .set({ used_at: new Date(), used_by: userId })
      .where('token_hash', '=', tokenHash)
      .where('used_at', 'is', null)
      .where('expires_at', '>', new Date())
      .returning(['team_id', 'role'])
      .executeTakeFirst();
    if (!invite) return undefined;
    await trx
      .insertInto('team_members')
      .values({ team_id: invite.team_id, user_id: userId, role: invite.role })
      .onConflict((oc) =>
        oc
          .columns(['team_id', 'user_id'])
          .doUpdateSet({ role: invite.role })
          .where('team_members.role', '=', 'member'),
      )
      .execute();
    return invite.team_id;
  });
}

/** Sets the team's speech-to-text provider (null: the server default); false when no such team. */
export async function setTeamSttProvider(
  db: Db,
  teamId: string,
  sttProvider: SttProvider | null,
): Promise<boolean> {
  const r = await db
    .updateTable('teams')
    .set({ stt_provider: sttProvider })
    .where('id', '=', teamId)
    .executeTakeFirst();
  return r.numUpdatedRows > 0n;
}

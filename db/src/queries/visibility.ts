import { sql, type RawBuilder } from 'kysely';

/**
 * The visibility rule, stated once: a user may see a meeting they own or a meeting of a team
 * they belong to. Guests see only their own meeting and never reach these queries. Web's authz
 * module applies the same rule to one meeting (resolveMeetingAccess); every listing and search
 * filters with this condition on the meetings table under `alias`.
 */
export function visibleToUser(userId: string, alias = 'm'): RawBuilder<boolean> {
  const owner = sql.ref(`${alias}.owner_id`);
  const team = sql.ref(`${alias}.team_id`);
  return sql<boolean>`(${owner} = ${userId} or ${team} in (select team_id from team_members where user_id = ${userId}))`;
}

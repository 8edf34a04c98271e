import type { ReminderCadence } from '@parley/protocol';
import { sql, type ExpressionBuilder } from 'kysely';
import type { Db } from '../client.ts';
import type { Database as DB, Meeting, User } from '../schema.ts';

export type PublicUser = Pick<User, 'id' | 'email' | 'name' | 'created_at'>;

/** Inserts a user; returns null when the email (case-insensitive) is already taken. */
export async function createUser(
  db: Db,
  input: { email: string; name: string; passwordHash: string; timeZone?: string | null },
): Promise<PublicUser | null> {
  const row = await db
    .insertInto('users')
    .values({
      email: input.email,
      name: input.name,
      password_hash: input.passwordHash,
      time_zone: input.timeZone ?? null,
    })
    .onConflict((oc) => oc.expression(sql`lower(email)`).doNothing())
    .returning(['id', 'email', 'name', 'created_at'])
    .executeTakeFirst();
  return row ?? null;
}

export async function findUserByEmail(db: Db, email: string): Promise<User | undefined> {
  return db
    .selectFrom('users')
    .selectAll()
    .where((eb) => eb(eb.fn('lower', ['email']), '=', email.toLowerCase()))
    .executeTakeFirst();
}

export async function findUserById(db: Db, id: string): Promise<PublicUser | undefined> {
  return db
    .selectFrom('users')
    .select(['id', 'email', 'name', 'created_at'])
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function findUserWithHashById(db: Db, id: string): Promise<User | undefined> {
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Changes the user's display name (used from their next meeting on). */
export async function updateUserName(db: Db, id: string, name: string): Promise<void> {
  await db.updateTable('users').set({ name }).where('id', '=', id).execute();
}

export async function updatePasswordHash(db: Db, id: string, passwordHash: string): Promise<void> {
  await db.updateTable('users').set({ password_hash: passwordHash }).where('id', '=', id).execute();
}

/**
 * The meetings `deleteUserAccount` deletes: the user's own, except team meetings another member
 * of the team (which the user belongs to) inherits.
 */
export async function meetingsDeletedWithAccount(
  db: Db,
  userId: string,
): Promise<Pick<Meeting, 'id' | 'team_id' | 'owner_id'>[]> {
  const member = (eb: ExpressionBuilder<DB & { m: DB['meetings'] }, 'm'>, self: boolean) =>
    eb.exists(
      eb
        .selectFrom('team_members as tm')
        .select(sql`1`.as('one'))
        .whereRef('tm.team_id', '=', 'm.team_id')
        .where('tm.user_id', self ? '=' : '!=', userId),
    );
  return db
    .selectFrom('meetings as m')
    .select(['m.id', 'm.team_id', 'm.owner_id'])
    .where('m.owner_id', '=', userId)
    .where((eb) =>
      eb.not(eb.and([eb('m.team_id', 'is not', null), member(eb, true), member(eb, false)])),
    )
    .execute();
}

/**
 * Deletes an account and the user's data. Team meetings (and team subjects) the user owns are
 * handed to another owner or admin of that team (else its longest-standing member); teams left
 * without an owner get one the same way; teams left empty are deleted. Returns the ids of meetings that were deleted
 * (so their stored objects can be removed too).
 */
export async function deleteUserAccount(db: Db, userId: string): Promise<string[]> {
  return db.transaction().execute(async (trx) => {
    const teams = await trx
      .selectFrom('team_members')
      .select(['team_id', 'role'])
      .where('user_id', '=', userId)
      .execute();
    for (const { team_id, role } of teams) {
      const heir = await trx
        .selectFrom('team_members')
        .select(['user_id', 'role'])
        .where('team_id', '=', team_id)
        .where('user_id', '!=', userId)
        .orderBy(sql`case role when 'owner' then 0 when 'admin' then 1 else 2 end`)
        .orderBy('created_at')
        .limit(1)
        .executeTakeFirst();
      if (!heir) {
        // Last member: the team goes; its meetings become personal meetings of their owners.
        await trx.deleteFrom('teams').where('id', '=', team_id).execute();
        continue;
      }
      if (role === 'owner' && heir.role !== 'owner') {
        const owners = await trx
          .selectFrom('team_members')
          .select('user_id')
          .where('team_id', '=', team_id)
          .where('role', '=', 'owner')
          .where('user_id', '!=', userId)
          .execute();
        if (owners.length === 0) {
          await trx
            .updateTable('team_members')
            .set({ role: 'owner' })
            .where('team_id', '=', team_id)
            .where('user_id', '=', heir.user_id)
            .execute();
        }
      }
      // Team admins (owners first) inherit the user's meetings in this team.
      const admin = await trx
        .selectFrom('team_members')
        .select('user_id')
        .where('team_id', '=', team_id)
        .where('user_id', '!=', userId)
        .orderBy(sql`case role when 'owner' then 0 when 'admin' then 1 else 2 end`)
        .orderBy('created_at')
        .limit(1)
        .executeTakeFirstOrThrow();
      await trx
        .updateTable('meetings')
        .set({ owner_id: admin.user_id })
        .where('owner_id', '=', userId)
        .where('team_id', '=', team_id)
        .execute();
      // And the team's subjects the user created (personal subjects go with the account).
      await trx
        .updateTable('subjects')
        .set({ owner_id: admin.user_id })
        .where('owner_id', '=', userId)
        .where('team_id', '=', team_id)
        .execute();
    }
    const deleted = await trx
      .deleteFrom('meetings')
      .where('owner_id', '=', userId)
      .returning('id')
      .execute();
    // Calendar invitations that named this account: the address goes with it.
    await trx.deleteFrom('meeting_invitees').where('user_id', '=', userId).execute();
    await trx.deleteFrom('users').where('id', '=', userId).execute();
    return deleted.map((r) => r.id);
  });
}

/** A user's settings: the emails they get and the time zone those emails are written for. */
export interface UserSettings {
  followupEmail: boolean;
  actionItemReminders: ReminderCadence;
  /** IANA name; null: UTC. */
  timeZone: string | null;
  /** The hour reminders come on the person's clock; null: the deployment's. */
  reminderHour: number | null;
  /** A brief by email before each meeting with a subject. */
  meetingBriefs: boolean;
}

const SETTINGS = [
  'followup_email',
  'action_item_reminders',
  'time_zone',
  'reminder_hour',
  'meeting_briefs',
] as const;

const toSettings = (r: Pick<User, (typeof SETTINGS)[number]>): UserSettings => ({
  followupEmail: r.followup_email,
  actionItemReminders: r.action_item_reminders,
  timeZone: r.time_zone,
  reminderHour: r.reminder_hour,
  meetingBriefs: r.meeting_briefs,
});

export async function userSettings(db: Db, userId: string): Promise<UserSettings | null> {
  const r = await db
    .selectFrom('users')
    .select(SETTINGS)
    .where('id', '=', userId)
    .executeTakeFirst();
  return r ? toSettings(r) : null;
}

/** Changes what is given (account page, API, unsubscribe links); null when there is no such user. */
export async function updateUserSettings(
  db: Db,
  userId: string,
  patch: { [K in keyof UserSettings]?: UserSettings[K] | undefined },
): Promise<UserSettings | null> {
  const set = {
    ...(patch.followupEmail === undefined ? {} : { followup_email: patch.followupEmail }),
    ...(patch.actionItemReminders === undefined
      ? {}
      : { action_item_reminders: patch.actionItemReminders }),
    ...(patch.timeZone === undefined ? {} : { time_zone: patch.timeZone }),
    ...(patch.reminderHour === undefined ? {} : { reminder_hour: patch.reminderHour }),
    ...(patch.meetingBriefs === undefined ? {} : { meeting_briefs: patch.meetingBriefs }),
  };
  if (Object.keys(set).length === 0) return userSettings(db, userId);
  const r = await db
    .updateTable('users')
    .set(set)
    .where('id', '=', userId)
    .returning(SETTINGS)
    .executeTakeFirst();
  return r ? toSettings(r) : null;
}

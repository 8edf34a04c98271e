import { isUuid } from '@parley/protocol';
import { sql } from 'kysely';
import type { Db } from '../client.ts';
import { compiledOnce } from '../prepared.ts';
import type { Meeting } from '../schema.ts';
import type { MeetingWithRelation } from './meetings.ts';
import type { PublicUser } from './users.ts';

export interface SessionWithUser {
  sessionId: string;
  createdAt: Date;
  expiresAt: Date;
  absoluteExpiresAt: Date | null;
  lastSeenAt: Date;
  user: PublicUser;
}

export async function createSession(
  db: Db,
  input: { id: string; userId: string; expiresAt: Date; absoluteExpiresAt?: Date | null },
): Promise<void> {
  await db
    .insertInto('sessions')
    .values({
      id: input.id,
      user_id: input.userId,
      expires_at: input.expiresAt,
      absolute_expires_at: input.absoluteExpiresAt ?? null,
      last_seen_at: new Date(),
    })
    .execute();
}

/** One session to look up, with the meeting whose relation to its user is wanted (if any). */
export interface SessionLookup {
  id: string;
  meetingId?: string | undefined;
}

/** A live session, its user and that user's relation to the meeting asked about. */
export interface SessionWithMeeting {
  session: SessionWithUser;
  /** Null when no meeting was asked about, or it is unknown or not theirs to see. */
  relation: MeetingWithRelation | null;
}

const sessionsWithMeetings = compiledOnce(
  ['ids', 'meetingIds', 'now'],
  (db: Db, p: { ids: string[]; meetingIds: (string | null)[]; now: Date }) =>
    db
      .selectFrom(
        sql<{
          sid: string;
          mid: string | null;
          ord: number;
        }>`(select * from unnest(${p.ids}::text[], ${p.meetingIds}::uuid[]) with ordinality as u(sid, mid, ord))`.as(
          'v',
        ),
      )
      .innerJoin('sessions', 'sessions.id', 'v.sid')
      .innerJoin('users', 'users.id', 'sessions.user_id')
      .leftJoin('meetings as m', 'm.id', 'v.mid')
      .leftJoin('team_members as tm', (j) =>
        j.onRef('tm.team_id', '=', 'm.team_id').onRef('tm.user_id', '=', 'sessions.user_id'),
      )
      .selectAll('m')
      .select([
        'v.ord as sess__ord',
        'sessions.id as sess__id',
        'sessions.created_at as sess__created_at',
        'sessions.expires_at as sess__expires_at',
        'sessions.absolute_expires_at as sess__absolute_expires_at',
        'sessions.last_seen_at as sess__last_seen_at',
        'users.id as sess__user_id',
        'users.email as sess__user_email',
        'users.name as sess__user_name',
        'users.created_at as sess__user_created_at',
        'tm.role as sess__team_role',
      ])
      .where('sessions.expires_at', '>', p.now)
      .where((eb) =>
        eb.or([
          eb('sessions.absolute_expires_at', 'is', null),
          eb('sessions.absolute_expires_at', '>', p.now),
        ]),
      ),
);

/**
 * Many lookups in one statement (their ids and meeting ids as two arrays, so the text, and the
 * prepared statement, are the same whatever their number): each live session with its user and,
 * when asked, the user's relation to one meeting (what `findMeetingWithRelation` answers, without
 * attendance). Answers are in the order asked; undefined where the session is unknown or expired.
 */
export async function findSessionsWithMeetings(
  db: Db,
  lookups: readonly SessionLookup[],
): Promise<(SessionWithMeeting | undefined)[]> {
  if (lookups.length === 0) return [];
  const ids = lookups.map((l) => l.id);
  // Not a UUID: no meeting to find (and the cast to uuid[] must not fail).
  const meetingIds = lookups.map((l) => (l.meetingId && isUuid(l.meetingId) ? l.meetingId : null));
  const rows = await sessionsWithMeetings(db, { ids, meetingIds, now: new Date() });
  const answers: (SessionWithMeeting | undefined)[] = lookups.map(() => undefined);
  for (const row of rows) {
    const session: SessionWithUser = {
      sessionId: row.sess__id,
      createdAt: row.sess__created_at,
      expiresAt: row.sess__expires_at,
      absoluteExpiresAt: row.sess__absolute_expires_at,
      lastSeenAt: row.sess__last_seen_at,
      user: {
        id: row.sess__user_id,
        email: row.sess__user_email,
        name: row.sess__user_name,
        created_at: row.sess__user_created_at,
      },
    };
    // The meeting's columns are the row without the session's (prefixed) ones.
    const columns = Object.fromEntries(
      Object.entries(row).filter(([k]) => !k.startsWith('sess__')),
    );
    const teamRole = row.sess__team_role;
    const meeting = columns.id === null ? null : (columns as unknown as Meeting);
    const visible = meeting && (meeting.owner_id === session.user.id || teamRole !== null);
    answers[Number(row.sess__ord) - 1] = {
      session,
      relation: visible ? { meeting, teamRole: teamRole ?? null, identityPresent: false } : null,
    };
  }
  return answers;
}

/** The live session with this id and its user; idle- or absolutely-expired ones are not returned. */
export async function findSession(db: Db, id: string): Promise<SessionWithUser | undefined> {
  return (await findSessionsWithMeetings(db, [{ id }]))[0]?.session;
}

/**
 * `findSession` and, in the same round trip, the session user's relation to one meeting: the
 * first request of someone joining a meeting costs one query. `relation` is null when the meeting
 * is unknown or not theirs to see.
 */
export async function findSessionWithMeeting(
  db: Db,
  id: string,
  meetingId: string,
): Promise<SessionWithMeeting | undefined> {
  return (await findSessionsWithMeetings(db, [{ id, meetingId }]))[0];
}

/**
 * Records activity of many sessions in one statement (written behind): last seen now, and each
 * its slid idle deadline.
 */
export async function touchSessions(
  db: Db,
  touches: readonly { id: string; expiresAt: Date }[],
): Promise<void> {
  if (touches.length === 0) return;
  await sql`
    update sessions as s set last_seen_at = now(), expires_at = v.expires_at
    from unnest(${touches.map((t) => t.id)}::text[], ${touches.map((t) => t.expiresAt)}::timestamptz[])
      as v(id, expires_at)
    where s.id = v.id`.execute(db);
}

export async function deleteSession(db: Db, id: string): Promise<void> {
  await db.deleteFrom('sessions').where('id', '=', id).execute();
}

export async function deleteUserSessions(db: Db, userId: string): Promise<void> {
  await db.deleteFrom('sessions').where('user_id', '=', userId).execute();
}

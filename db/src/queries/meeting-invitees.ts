import { sql } from 'kysely';
import type { Db } from '../client.ts';

// The people a calendar event invited to a meeting, and the event's own link. An address is
// linked to a user only when that user may see the meeting (its owner, or a member of its team):
// invitations never grant access, and an account outside the meeting is not revealed.

export interface InviteeInput {
  /** Lower-cased. */
  email: string;
  organizer: boolean;
}

export interface InviteeRow {
  email: string;
  organizer: boolean;
  /** Set while the linked user may still see the meeting. */
  userId: string | null;
  name: string | null;
}

/**
 * Replaces a scheduled meeting's invitees (and its event link, when given), matching addresses
 * to the users who may see it. False, changing nothing, when the meeting started or is gone.
 */
export async function setMeetingCalendarDetails(
  db: Db,
  meetingId: string,
  d: { invitees: readonly InviteeInput[]; eventUrl?: string | null },
): Promise<boolean> {
  return db.transaction().execute(async (tx) => {
    const m = await tx
      .selectFrom('meetings')
      .select(['id', 'owner_id', 'team_id'])
      .where('id', '=', meetingId)
      .where('status', '=', 'scheduled')
      .forUpdate()
      .executeTakeFirst();
    if (!m) return false;
    if (d.eventUrl !== undefined) {
      await tx
        .updateTable('meetings')
        .set({ event_url: d.eventUrl })
        .where('id', '=', meetingId)
        .execute();
    }
    await tx.deleteFrom('meeting_invitees').where('meeting_id', '=', meetingId).execute();
    if (d.invitees.length === 0) return true;
    const emails = d.invitees.map((i) => i.email);
    const users = await tx
      .selectFrom('users')
      .select(['id', sql<string>`lower(email)`.as('email')])
      .where(sql<string>`lower(email)`, 'in', emails)
      .where((w) =>
        w.or([
          w('id', '=', m.owner_id),
          ...(m.team_id
            ? [
                w(
                  'id',
                  'in',
                  tx.selectFrom('team_members').select('user_id').where('team_id', '=', m.team_id),
                ),
              ]
            : []),
        ]),
      )
      .execute();
    const byEmail = new Map(users.map((u) => [u.email, u.id]));
    await tx
      .insertInto('meeting_invitees')
      .values(
        d.invitees.map((i) => ({
          meeting_id: meetingId,
          email: i.email,
          organizer: i.organizer,
          user_id: byEmail.get(i.email) ?? null,
        })),
      )
      .onConflict((oc) => oc.columns(['meeting_id', 'email']).doNothing())
      .execute();
    return true;
  });
}

/** A meeting's invitees, organizer first; a link to a user who lost access reads as external. */
export async function listMeetingInvitees(db: Db, meetingId: string): Promise<InviteeRow[]> {
  const rows = await db
    .selectFrom('meeting_invitees as i')
    .innerJoin('meetings as m', 'm.id', 'i.meeting_id')
    .leftJoin('users as u', 'u.id', 'i.user_id')
    .select([
      'i.email',
      'i.organizer',
      'u.id as userId',
      'u.name',
      sql<boolean>`(u.id = m.owner_id or exists (
        select 1 from team_members tm where tm.team_id = m.team_id and tm.user_id = u.id))`.as(
        'member',
      ),
    ])
    .where('i.meeting_id', '=', meetingId)
    .orderBy('i.organizer', 'desc')
    .orderBy('i.email')
    .execute();
  return rows.map((r) => ({
    email: r.email,
    organizer: r.organizer,
    userId: r.member ? r.userId : null,
    name: r.member ? r.name : null,
  }));
}

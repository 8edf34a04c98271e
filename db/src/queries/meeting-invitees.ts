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
 * Brings a scheduled meeting's invitees (and its event link, when given) to `d`, matching
 * addresses to the users who may see it. Only the difference is written, so a calendar poll that
 * finds the event as it was changes no row. True when something changed; false, changing
 * nothing, when nothing differed or the meeting started or is gone.
 */
export async function setMeetingCalendarDetails(
  db: Db,
  meetingId: string,
  d: { invitees: readonly InviteeInput[]; eventUrl?: string | null },
): Promise<boolean> {
  // One row per address (the first wins), as the primary key has it.
  const byAddress = new Map<string, InviteeInput>();
  for (const i of d.invitees) if (!byAddress.has(i.email)) byAddress.set(i.email, i);
  const invitees = [...byAddress.values()];
  return db.transaction().execute(async (tx) => {
    const m = await tx
      .selectFrom('meetings')
      .select(['id', 'owner_id', 'team_id', 'event_url'])
      .where('id', '=', meetingId)
      .where('status', '=', 'scheduled')
      .forUpdate()
      .executeTakeFirst();
    if (!m) return false;
    let changed = false;
    if (d.eventUrl !== undefined && d.eventUrl !== m.event_url) {
      await tx
        .updateTable('meetings')
        .set({ event_url: d.eventUrl })
        .where('id', '=', meetingId)
        .execute();
      changed = true;
    }
    const emails = invitees.map((i) => i.email);
    const gone = await tx
      .deleteFrom('meeting_invitees')
      .where('meeting_id', '=', meetingId)
      .$if(emails.length > 0, (q) => q.where('email', 'not in', emails))
      .executeTakeFirst();
    changed ||= gone.numDeletedRows > 0n;
    if (invitees.length === 0) return changed;
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
    // New addresses are added; a known one is rewritten only if its role or link differs.
    const written = await tx
      .insertInto('meeting_invitees')
      .values(
        invitees.map((i) => ({
          meeting_id: meetingId,
          email: i.email,
          organizer: i.organizer,
          user_id: byEmail.get(i.email) ?? null,
        })),
      )
      .onConflict((oc) =>
        oc
          .columns(['meeting_id', 'email'])
          .doUpdateSet((eb) => ({
            organizer: eb.ref('excluded.organizer'),
            user_id: eb.ref('excluded.user_id'),
          }))
          .where((eb) =>
            eb.or([
              eb('meeting_invitees.organizer', 'is distinct from', eb.ref('excluded.organizer')),
              eb('meeting_invitees.user_id', 'is distinct from', eb.ref('excluded.user_id')),
            ]),
          ),
      )
      .executeTakeFirst();
    return changed || (written.numInsertedOrUpdatedRows ?? 0n) > 0n;
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

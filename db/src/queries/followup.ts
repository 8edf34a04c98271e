import { sql } from 'kysely';
import type { Db } from '../client.ts';
import type { FollowupEmailStatus } from '../schema.ts';

// The follow-up email: who gets it (participants with accounts who have not turned it off; never
// guests), and one delivery record per meeting and recipient.

export interface FollowupRecipient {
  userId: string;
  email: string;
  name: string;
  /** IANA name; null: UTC. */
  timeZone: string | null;
}

/**
 * The meeting's participants who have an account and want the email. Guests have no account and
 * are never listed; nor is anyone when the host turned the email off for the meeting.
 */
export async function listFollowupRecipients(
  db: Db,
  meetingId: string,
): Promise<FollowupRecipient[]> {
  const rows = await db
    .selectFrom('meeting_participants as p')
    .innerJoin('users as u', 'u.id', 'p.user_id')
    .innerJoin('meetings as m', 'm.id', 'p.meeting_id')
    .select(['u.id', 'u.email', 'u.name', 'u.time_zone'])
    .distinct()
    .where('p.meeting_id', '=', meetingId)
    .where('u.followup_email', '=', true)
    .where('m.followup_email', '=', true)
    .orderBy('u.id')
    .execute();
  return rows.map((r) => ({ userId: r.id, email: r.email, name: r.name, timeZone: r.time_zone }));
}

export interface FollowupDelivery {
  userId: string;
  status: FollowupEmailStatus;
  attempts: number;
  error: string | null;
  sentAt: Date | null;
  /** The sending (round) this record is about; see `startFollowupRound`. */
  round: number;
}

/**
 * Creates the missing delivery records of `round` (pending) and returns every record of the
 * meeting. A recipient's record of an earlier round starts over (pending, no tries): a host sent
 * the email again. One of this round is left as it is, so a retried job sends nobody twice.
 */
export async function ensureFollowupDeliveries(
  db: Db,
  meetingId: string,
  userIds: readonly string[],
  round = 1,
): Promise<FollowupDelivery[]> {
  if (userIds.length > 0) {
    await db
      .insertInto('followup_emails')
      .values(userIds.map((user_id) => ({ meeting_id: meetingId, user_id, round })))
      .onConflict((oc) =>
        oc
          .columns(['meeting_id', 'user_id'])
          .doUpdateSet({
            round,
            status: 'pending',
            attempts: 0,
            error: null,
            message_id: null,
            sent_at: null,
            updated_at: new Date(),
          })
          .where('followup_emails.round', '<', round),
      )
      .execute();
  }
  return listFollowupDeliveries(db, meetingId);
}

export async function listFollowupDeliveries(
  db: Db,
  meetingId: string,
): Promise<FollowupDelivery[]> {
  const rows = await db
    .selectFrom('followup_emails')
    .select(['user_id', 'status', 'attempts', 'error', 'sent_at', 'round'])
    .where('meeting_id', '=', meetingId)
    .orderBy('user_id')
    .execute();
  return rows.map((r) => ({
    userId: r.user_id,
    status: r.status,
    attempts: r.attempts,
    error: r.error,
    sentAt: r.sent_at,
    round: r.round,
  }));
}

/** Records one try: sent, bounced (never retried), failed (given up) or still pending. */
export async function recordFollowupAttempt(
  db: Db,
  input: {
    meetingId: string;
    userId: string;
    status: FollowupEmailStatus;
    error?: string | null;
    messageId?: string | null;
  },
): Promise<void> {
  await db
    .updateTable('followup_emails')
    .set({
      status: input.status,
      attempts: sql`attempts + 1`,
      error: input.error ?? null,
      message_id: input.messageId ?? null,
      sent_at: input.status === 'sent' ? new Date() : null,
      updated_at: new Date(),
    })
    .where('meeting_id', '=', input.meetingId)
    .where('user_id', '=', input.userId)
    .execute();
}

/** Gives up on the deliveries still pending (the job ran out of tries). */
export async function failPendingFollowups(
  db: Db,
  meetingId: string,
  error: string,
): Promise<void> {
  await db
    .updateTable('followup_emails')
    .set({ status: 'failed', error, updated_at: new Date() })
    .where('meeting_id', '=', meetingId)
    .where('status', '=', 'pending')
    .execute();
}

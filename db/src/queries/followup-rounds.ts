import type { Db } from '../client.ts';
import type { Meeting } from '../schema.ts';
import {
  listFollowupDeliveries,
  listFollowupRecipients,
  type FollowupDelivery,
} from './followup.ts';

// Sending a meeting's follow-up email again (a host corrected the summary): each sending is a
// round. The guard is one function, used for the button and, under the meeting's row lock, for
// the request, so every web process refuses the same way.

export interface FollowupResendLimits {
  /** Time between two sendings asked for by hosts (default 10 minutes). */
  cooldownMs: number;
  /** Sendings in all, the first included (default 5). */
  maxRounds: number;
}

export const FOLLOWUP_RESEND_LIMITS: FollowupResendLimits = {
  cooldownMs: 10 * 60_000,
  maxRounds: 5,
};

export type FollowupResendRefusal =
  | { reason: 'not_ended' | 'off' | 'not_sent' | 'in_progress' | 'no_recipients' | 'limit' }
  | { reason: 'recent'; retryAfterMs: number };

type RoundMeeting = Pick<
  Meeting,
  'status' | 'followup_email' | 'followup_round' | 'followup_resent_at'
>;

/**
 * Why the meeting's follow-up email may not be sent again now, or null when it may.
 * `recipients`: how many would get it now (a round nobody gets would never finish).
 */
export function followupResendRefusal(
  meeting: RoundMeeting,
  deliveries: readonly Pick<FollowupDelivery, 'status' | 'round'>[],
  recipients: number,
  now: Date,
  limits: FollowupResendLimits = FOLLOWUP_RESEND_LIMITS,
): FollowupResendRefusal | null {
  if (meeting.status !== 'ended') return { reason: 'not_ended' };
  if (!meeting.followup_email) return { reason: 'off' };
  const current = deliveries.filter((d) => d.round === meeting.followup_round);
  if (current.length === 0) {
    return { reason: meeting.followup_round > 1 ? 'in_progress' : 'not_sent' };
  }
  if (deliveries.some((d) => d.status === 'pending')) return { reason: 'in_progress' };
  if (recipients === 0) return { reason: 'no_recipients' };
  if (meeting.followup_round >= limits.maxRounds) return { reason: 'limit' };
  const last = meeting.followup_resent_at?.getTime();
  if (last !== undefined && now.getTime() - last < limits.cooldownMs) {
    return { reason: 'recent', retryAfterMs: limits.cooldownMs - (now.getTime() - last) };
  }
  return null;
}

export type FollowupRoundStart =
  | { ok: true; round: number; previousResentAt: Date | null }
  | { ok: false; refusal: FollowupResendRefusal | { reason: 'not_found' } };

/**
 * Starts the next round of the meeting's follow-up email if `followupResendRefusal` allows it,
 * holding the meeting's row so two hosts (on any web process) cannot start two. The caller then
 * queues the round's job, and undoes the round with `undoFollowupRound` if it cannot.
 */
export async function startFollowupRound(
  db: Db,
  meetingId: string,
  now = new Date(),
  limits: FollowupResendLimits = FOLLOWUP_RESEND_LIMITS,
): Promise<FollowupRoundStart> {
  return db.transaction().execute(async (trx) => {
    const meeting = await trx
      .selectFrom('meetings')
      .select(['status', 'followup_email', 'followup_round', 'followup_resent_at'])
      .where('id', '=', meetingId)
      .forUpdate()
      .executeTakeFirst();
    if (!meeting) return { ok: false, refusal: { reason: 'not_found' } };
    const refusal = followupResendRefusal(
      meeting,
      await listFollowupDeliveries(trx, meetingId),
      (await listFollowupRecipients(trx, meetingId)).length,
      now,
      limits,
    );
    if (refusal) return { ok: false, refusal };
    const round = meeting.followup_round + 1;
    await trx
      .updateTable('meetings')
      .set({ followup_round: round, followup_resent_at: now })
      .where('id', '=', meetingId)
      .execute();
    return { ok: true, round, previousResentAt: meeting.followup_resent_at };
  });
}

/**
 * Takes back a round whose job could not be queued, unless its job ran after all (a queue that
 * answered too late): then the round stands, since its emails went out.
 */
export async function undoFollowupRound(
  db: Db,
  meetingId: string,
  start: { round: number; previousResentAt: Date | null },
): Promise<void> {
  await db
    .updateTable('meetings')
    .set({ followup_round: start.round - 1, followup_resent_at: start.previousResentAt })
    .where('id', '=', meetingId)
    .where('followup_round', '=', start.round)
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('followup_emails')
            .select('user_id')
            .where('meeting_id', '=', meetingId)
            .where('round', '=', start.round),
        ),
      ),
    )
    .execute();
}

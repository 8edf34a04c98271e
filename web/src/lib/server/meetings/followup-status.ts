import {
  FOLLOWUP_EMAIL_STATUSES,
  FOLLOWUP_RESEND_LIMITS,
  followupResendRefusal,
  listFollowupDeliveries,
  listFollowupRecipients,
  type Db,
  type FollowupDelivery,
  type FollowupEmailStatus,
  type FollowupResendRefusal,
  type Meeting,
} from '@parley/db';
import type { ApiFollowupStatus } from '@parley/protocol';

export type FollowupStatus = ApiFollowupStatus;

type StatusMeeting = Pick<
  Meeting,
  'followup_email' | 'status' | 'followup_round' | 'followup_resent_at'
>;

const WORDS: Record<FollowupEmailStatus, string> = {
  sent: 'sent to',
  pending: 'queued for',
  bounced: 'bounced for',
  failed: 'failed for',
};

const minutes = (ms: number) => Math.max(1, Math.ceil(ms / 60_000));

/** The words and code for a refusal: the same in the API's 409 and beside the page's button. */
export function resendRefusalText(r: FollowupResendRefusal): { code: string; message: string } {
  switch (r.reason) {
    case 'not_ended':
      return { code: 'meeting_not_ended', message: 'The meeting has not ended yet.' };
    case 'off':
      return { code: 'followup_off', message: 'The follow-up email is off for this meeting.' };
    case 'not_sent':
      return {
        code: 'followup_not_sent',
        message: 'The follow-up email has not gone out yet: it is sent when the summary is ready.',
      };
    case 'in_progress':
      return { code: 'followup_in_progress', message: 'The follow-up email is being sent now.' };
    case 'no_recipients':
      return {
        code: 'followup_no_recipients',
        message: 'Nobody would get it: no participant with an account wants follow-up emails now.',
      };
    case 'limit':
      return {
        code: 'followup_limit',
        message: `The follow-up email was sent ${FOLLOWUP_RESEND_LIMITS.maxRounds} times already.`,
      };
    case 'recent':
      return {
        code: 'followup_recent',
        message: `It was sent again a moment ago: it can be sent again in ${minutes(r.retryAfterMs)} min.`,
      };
  }
}

/** Reads the meeting's delivery records (what the mail job stores) into a status line. */
export function followupStatus(
  meeting: StatusMeeting,
  deliveries: readonly Pick<FollowupDelivery, 'status' | 'round'>[],
  recipients: number,
  now = new Date(),
): FollowupStatus {
  const round = meeting.followup_round;
  const refusal = followupResendRefusal(meeting, deliveries, recipients, now);
  const resend: FollowupStatus['resend'] = refusal
    ? { allowed: false, ...resendRefusalText(refusal) }
    : { allowed: true };
  const counts = Object.fromEntries(FOLLOWUP_EMAIL_STATUSES.map((s) => [s, 0])) as Record<
    FollowupEmailStatus,
    number
  >;
  const current = deliveries.filter((d) => d.round === round);
  for (const d of current) counts[d.status] += 1;
  const base = { counts, round, resend };
  if (current.length === 0) {
    if (!meeting.followup_email) return { ...base, state: 'off', label: 'Off for this meeting.' };
    if (round > 1) {
      return { ...base, state: 'queued', label: `Being sent again (sending ${round}).` };
    }
    return meeting.status === 'ended'
      ? { ...base, state: 'none', label: 'Not sent: no recipients yet.' }
      : {
          ...base,
          state: 'after_meeting',
          label: 'Sent after the meeting to participants with accounts.',
        };
  }
  const state = counts.bounced
    ? 'bounced'
    : counts.failed
      ? 'failed'
      : counts.pending
        ? 'queued'
        : 'sent';
  const parts = (['sent', 'pending', 'bounced', 'failed'] as const)
    .filter((s) => counts[s] > 0)
    .map((s) => `${WORDS[s]} ${counts[s]} ${counts[s] === 1 ? 'person' : 'people'}`);
  const text = parts.join(', ');
  const sending = round > 1 ? ` (sending ${round} of ${FOLLOWUP_RESEND_LIMITS.maxRounds})` : '';
  return { ...base, state, label: `${text.charAt(0).toUpperCase()}${text.slice(1)}${sending}.` };
}

export async function followupStatusFor(
  db: Db,
  meeting: Pick<Meeting, 'id'> & StatusMeeting,
): Promise<FollowupStatus> {
  const [deliveries, recipients] = await Promise.all([
    listFollowupDeliveries(db, meeting.id),
    listFollowupRecipients(db, meeting.id),
  ]);
  return followupStatus(meeting, deliveries, recipients.length);
}

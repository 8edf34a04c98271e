import {
  FOLLOWUP_EMAIL_STATUSES,
  listFollowupDeliveries,
  type Db,
  type FollowupDelivery,
  type FollowupEmailStatus,
  type Meeting,
} from '@parley/db';

/** What became of a meeting's follow-up email, as its host sees it (counts, never addresses). */
export interface FollowupStatus {
  /** The worst outcome among the recipients, or why there are none yet. */
  state: 'off' | 'after_meeting' | 'none' | 'queued' | 'sent' | 'bounced' | 'failed';
  counts: Record<FollowupEmailStatus, number>;
  label: string;
}

const WORDS: Record<FollowupEmailStatus, string> = {
  sent: 'sent to',
  pending: 'queued for',
  bounced: 'bounced for',
  failed: 'failed for',
};

/** Reads the meeting's delivery records (what the mail job stores) into a status line. */
export function followupStatus(
  meeting: Pick<Meeting, 'followup_email' | 'status'>,
  deliveries: readonly Pick<FollowupDelivery, 'status'>[],
): FollowupStatus {
  const counts = Object.fromEntries(FOLLOWUP_EMAIL_STATUSES.map((s) => [s, 0])) as Record<
    FollowupEmailStatus,
    number
  >;
  for (const d of deliveries) counts[d.status] += 1;
  if (deliveries.length === 0) {
    if (!meeting.followup_email) return { state: 'off', counts, label: 'Off for this meeting.' };
    return meeting.status === 'ended'
      ? { state: 'none', counts, label: 'Not sent: no recipients yet.' }
      : {
          state: 'after_meeting',
          counts,
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
  return { state, counts, label: `${text.charAt(0).toUpperCase()}${text.slice(1)}.` };
}

export async function followupStatusFor(
  db: Db,
  meeting: Pick<Meeting, 'id' | 'followup_email' | 'status'>,
): Promise<FollowupStatus> {
  return followupStatus(meeting, await listFollowupDeliveries(db, meeting.id));
}

import {
  ensureFollowupDeliveries,
  findMeetingById,
  findSummary,
  listActionItems,
  listFollowupRecipients,
  listHighlights,
  listSegmentsPage,
  recordFollowupAttempt,
  type Db,
} from '@parley/db';
import {
  classifySendError,
  renderFollowupEmail,
  unsubscribeFor,
  type Mailer,
} from '@parley/services/mail';
import { clock } from '@parley/protocol';
import { formatDay } from '@parley/services/time';
import { silentLogger, type Logger } from '@parley/services/log';

export interface FollowupDeps {
  db: Db;
  mailer: Mailer;
  /** The web app's public origin (links in the email). */
  origin: string;
  /** MAIL_SECRET: signs the unsubscribe links. */
  secret: string;
  log?: Logger;
}

/**
 * `sent`: everyone who should have it has it (or bounced); `off`: the host turned it off;
 * `no_content`: nothing to send (nothing was said or summarised, and no action items);
 * `superseded`: the job is for a round that is not the meeting's current one (taken back, or a
 * later one began); `meeting_gone`.
 */
export type FollowupOutcome = 'sent' | 'off' | 'no_content' | 'superseded' | 'meeting_gone';

/** The SMTP server could not take a message now; the queue tries again later. */
export class FollowupRetryError extends Error {
  override name = 'FollowupRetryError';
  readonly code: string;
  constructor(code: string) {
    super(`follow-up email not sent yet: ${code}`);
    this.code = code;
  }
}

/**
 * Sends the meeting's follow-up email to each recipient not served yet in this round. A recipient
 * whose address bounces (a 5xx reply) is recorded and not tried again in the round; a server that
 * is down or answers 4xx stops the pass with `FollowupRetryError` (the queue retries with
 * backoff; what was sent stays sent, so nobody gets it twice). Round 1 follows the meeting; each
 * later one is a host's "Send again" and says it replaces the earlier email.
 */
export async function sendFollowup(
  deps: FollowupDeps,
  meetingId: string,
  round = 1,
): Promise<FollowupOutcome> {
  const { db } = deps;
  const log = deps.log ?? silentLogger;
  const meeting = await findMeetingById(db, meetingId);
  if (!meeting) return 'meeting_gone';
  if (!meeting.followup_email) return 'off';
  if (meeting.followup_round !== round) return 'superseded';
  const [summary, allItems, lines, highlights] = await Promise.all([
    findSummary(db, meetingId),
    listActionItems(db, meetingId),
    listSegmentsPage(db, meetingId, { offset: 0, limit: 1 }),
    listHighlights(db, meetingId),
  ]);
  // Items a host rejected are not tasks: they stay out of the email.
  const items = allItems.filter((i) => i.review !== 'rejected');
  // Nothing said (the summary only says so) and nothing to do: not worth an email.
  if ((!summary?.overview || lines.total === 0) && items.length === 0) return 'no_content';
  const recipients = await listFollowupRecipients(db, meetingId);
  const records = await ensureFollowupDeliveries(
    db,
    meetingId,
    recipients.map((r) => r.userId),
    round,
  );
  const pending = new Set(
    records.filter((r) => r.status === 'pending' && r.round === round).map((r) => r.userId),
  );
  const meetingUrl = `${deps.origin}/meetings/${meeting.id}`;
  for (const r of recipients) {
    if (!pending.has(r.userId)) continue;
    const unsubscribe = unsubscribeFor({ ...deps, userId: r.userId, list: 'followup' });
    const mail = renderFollowupEmail({
      recipientName: r.name,
      meetingTitle: meeting.title,
      date: formatDay(meeting.started_at ?? meeting.created_at, r.timeZone),
      overview: summary?.overview || null,
      keyPoints: (summary?.key_points ?? []).map((p) => p.text),
      actionItems: items.map((i) => ({ text: i.text, owner: i.owner_name, due: i.due_date })),
      highlights: highlights.map((h) => ({
        at: clock(h.at_ms),
        author: h.author_name,
        note: h.note,
        url: `${meetingUrl}?t=${h.at_ms}`,
      })),
      meetingUrl,
      unsubscribeUrl: unsubscribe.url,
      updated: round > 1,
    });
    try {
      const { messageId } = await deps.mailer.send({
        to: r.email,
        ...mail,
        headers: unsubscribe.headers,
      });
      await recordFollowupAttempt(db, { meetingId, userId: r.userId, status: 'sent', messageId });
      log.info({ meetingId, userId: r.userId }, 'follow-up email sent');
    } catch (err) {
      const f = classifySendError(err);
      await recordFollowupAttempt(db, {
        meetingId,
        userId: r.userId,
        status: f.permanent ? 'bounced' : 'pending',
        error: f.code,
      });
      log.warn({ meetingId, userId: r.userId, code: f.code }, 'follow-up email not sent');
      if (!f.permanent) throw new FollowupRetryError(f.code);
    }
  }
  return 'sent';
}

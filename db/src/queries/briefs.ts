import { sql } from 'kysely';
import type { Db } from '../client.ts';
import type { ReminderEmailStatus } from '../schema.ts';
import {
  claimEmail,
  expireEmails,
  pruneEmails,
  settledOrTaken,
  settleEmail,
  type EmailOutcome,
} from './email-claims.ts';

// Meeting briefs by email: who gets one before which meeting, the claim a worker takes before
// sending, and what became of it. The brief itself is built from the subject's memory.

export interface BriefRecipient {
  meetingId: string;
  title: string;
  scheduledAt: Date;
  subject: { id: string; name: string };
  userId: string;
  email: string;
  name: string;
  /** IANA name; null: UTC. */
  timeZone: string | null;
}

/**
 * People due a brief for meetings scheduled after `from` and at most at `to`, with a subject: the
 * meeting's owner, and invitees whose address is linked to an account that may see the meeting
 * (a member of its team, checked again now). Only those with briefs on, and none settled (or
 * being sent) for the meeting at its current time; a `pending` one is listed again.
 */
export async function listBriefRecipients(
  db: Db,
  q: { from: Date; to: Date; limit: number },
): Promise<BriefRecipient[]> {
  // The meetings in the window (a partial index on scheduled meetings with a subject), then each
  // one's people: its owner, and its linked invitees who are members of its team.
  const rows = await db
    .with('due', (w) =>
      w
        .selectFrom('meetings')
        .select(['id', 'owner_id', 'team_id'])
        .where('status', '=', 'scheduled')
        .where('subject_id', 'is not', null)
        .where('scheduled_at', '>', q.from)
        .where('scheduled_at', '<=', q.to),
    )
    .with('people', (w) =>
      w
        .selectFrom('due')
        .select(['due.id as meeting_id', 'due.owner_id as user_id'])
        .union((u) =>
          u
            .selectFrom('due')
            .innerJoin('meeting_invitees as i', 'i.meeting_id', 'due.id')
            .innerJoin('team_members as tm', (j) =>
              j.onRef('tm.team_id', '=', 'due.team_id').onRef('tm.user_id', '=', 'i.user_id'),
            )
            .select(['due.id as meeting_id', 'tm.user_id']),
        ),
    )
    .selectFrom('people as p')
    .innerJoin('meetings as m', 'm.id', 'p.meeting_id')
    .innerJoin('subjects as s', 's.id', 'm.subject_id')
    .innerJoin('users as u', 'u.id', 'p.user_id')
    .select([
      'm.id as meeting_id',
      'm.title',
      'm.scheduled_at',
      's.id as subject_id',
      's.name as subject_name',
      'u.id as user_id',
      'u.email',
      'u.name',
      'u.time_zone',
    ])
    .where('u.meeting_briefs', '=', true)
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('meeting_brief_emails as r')
            .select(sql.lit(1).as('one'))
            .whereRef('r.meeting_id', '=', 'm.id')
            .whereRef('r.user_id', '=', 'u.id')
            .whereRef('r.scheduled_for', '=', 'm.scheduled_at')
            .where(settledOrTaken),
        ),
      ),
    )
    .orderBy('m.scheduled_at')
    .orderBy('m.id')
    .orderBy('u.id')
    .limit(q.limit)
    .execute();
  return rows.flatMap((r) =>
    r.scheduled_at
      ? [
          {
            meetingId: r.meeting_id,
            title: r.title,
            scheduledAt: r.scheduled_at,
            subject: { id: r.subject_id, name: r.subject_name },
            userId: r.user_id,
            email: r.email,
            name: r.name,
            timeZone: r.time_zone,
          },
        ]
      : [],
  );
}

type BriefKey = Pick<BriefRecipient, 'meetingId' | 'userId' | 'scheduledAt'>;
const key = (k: BriefKey) => ({
  meeting_id: k.meetingId,
  user_id: k.userId,
  scheduled_for: k.scheduledAt,
});

/** Claims one brief email; the tries so far including this one, or null (taken or settled). */
export function claimBrief(db: Db, k: BriefKey): Promise<number | null> {
  return claimEmail(db, 'meeting_brief_emails', key(k));
}

/** Records what became of a claimed brief email. */
export function settleBrief(db: Db, k: BriefKey, o: EmailOutcome): Promise<void> {
  return settleEmail(db, 'meeting_brief_emails', key(k), o);
}

export interface BriefEmailRecord {
  meetingId: string;
  meetingTitle: string;
  scheduledFor: Date;
  status: ReminderEmailStatus;
  attempts: number;
  error: string | null;
  sentAt: Date | null;
}

/** The user's brief emails (the account page shows the last), the latest meeting time first. */
export async function listBriefEmails(
  db: Db,
  userId: string,
  limit = 20,
): Promise<BriefEmailRecord[]> {
  const rows = await db
    .selectFrom('meeting_brief_emails as b')
    .innerJoin('meetings as m', 'm.id', 'b.meeting_id')
    .select(['b.meeting_id', 'm.title', 'b.scheduled_for', 'b.status', 'b.attempts', 'b.error'])
    .select('b.sent_at')
    .where('b.user_id', '=', userId)
    .orderBy('b.scheduled_for', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    meetingId: r.meeting_id,
    meetingTitle: r.title,
    scheduledFor: r.scheduled_for,
    status: r.status,
    attempts: r.attempts,
    error: r.error,
    sentAt: r.sent_at,
  }));
}

/**
 * Gives up briefs still waiting (`pending`, or a claim never settled) for meeting times before
 * `before`: a brief after the meeting began is no use, so they are `failed` (`meeting_started`).
 * How many.
 */
export function expireBriefs(db: Db, before: Date): Promise<number> {
  return expireEmails(db, 'meeting_brief_emails', before, 'meeting_started');
}

/** Forgets brief records of meeting times before `before`; how many. */
export function pruneBriefs(db: Db, before: Date): Promise<number> {
  return pruneEmails(db, 'meeting_brief_emails', before);
}

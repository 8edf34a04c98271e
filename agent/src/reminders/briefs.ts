import {
  claimBrief,
  listBriefRecipients,
  settleBrief,
  type BriefRecipient,
  type Db,
} from '@parley/db';
import { silentLogger, type Logger } from '@parley/services/log';
import { renderBriefEmail, unsubscribeFor, type Mailer } from '@parley/services/mail';
import { buildBrief, type Brief } from '@parley/services/subjects';
import { formatDay, formatStart, zoneOrUtc } from '@parley/services/time';
import { deliver, emptyPass, sendInBatches, type SendOutcome, type EmailPass } from './deliver.ts';

export interface BriefDeps {
  db: Db;
  mailer: Mailer;
  /** The web app's public origin (links in the email). */
  origin: string;
  /** MAIL_SECRET: signs the unsubscribe links. */
  secret: string;
  /** How long before a scheduled meeting its brief goes out (minutes; 0: never). */
  leadMinutes: number;
  log?: Logger;
}

export type BriefPass = EmailPass;

/** Batches per pass (100 each): a pass stays bounded; the next sweep goes on. */
const MAX_BATCHES = 20;

/**
 * Emails the brief of each meeting with a subject scheduled within the next `leadMinutes` to its
 * owner and to invitees who are members that may see it (with briefs on), once per meeting time:
 * what happened last time with the subject, each line linking to its moment. Each email is
 * claimed in Postgres first, so workers sweeping at once never send one twice. A meeting already
 * begun gets none. Failures are handled as for reminders (`deliver`).
 */
export async function sendDueBriefs(deps: BriefDeps, now: Date = new Date()): Promise<BriefPass> {
  const pass = emptyPass();
  if (deps.leadMinutes <= 0) return pass;
  const to = new Date(now.getTime() + deps.leadMinutes * 60_000);
  // One brief per meeting and pass, however many people get it.
  const briefs = new Map<string, Promise<Brief>>();
  const briefOf = (r: BriefRecipient) => {
    let b = briefs.get(r.meetingId);
    if (!b) {
      b = buildBrief(deps.db, r.subject, r.meetingId);
      briefs.set(r.meetingId, b);
    }
    return b;
  };
  await sendInBatches(
    pass,
    (limit) => listBriefRecipients(deps.db, { from: now, to, limit }),
    (person) => send(deps, person, briefOf),
    MAX_BATCHES,
  );
  return pass;
}

async function send(
  deps: BriefDeps,
  r: BriefRecipient,
  briefOf: (r: BriefRecipient) => Promise<Brief>,
): Promise<SendOutcome> {
  const { db } = deps;
  const log = deps.log ?? silentLogger;
  const attempt = await claimBrief(db, r);
  if (attempt === null) return 'taken';
  const brief = await briefOf(r);
  const ids = { meetingId: r.meetingId, userId: r.userId };
  if (!brief.last) {
    await settleBrief(db, r, { status: 'empty' });
    return 'empty';
  }
  const unsubscribe = unsubscribeFor({ ...deps, userId: r.userId, list: 'briefs' });
  const mail = renderBriefEmail({
    recipientName: r.name,
    meetingTitle: r.title,
    when: `${formatStart(r.scheduledAt, r.timeZone)} (${zoneOrUtc(r.timeZone)})`,
    meetingUrl: `${deps.origin}/meetings/${r.meetingId}`,
    brief,
    lastDate: formatDay(new Date(brief.last.at), r.timeZone),
    origin: deps.origin,
    settingsUrl: `${deps.origin}/account#briefs`,
    unsubscribeUrl: unsubscribe.url,
  });
  const d = await deliver(
    deps.mailer,
    { to: r.email, ...mail, headers: unsubscribe.headers },
    attempt,
  );
  await settleBrief(db, r, d);
  if (d.status === 'sent') {
    log.info(ids, 'brief sent');
    return 'sent';
  }
  log.warn({ ...ids, code: d.error, status: d.status }, 'brief not sent');
  return d.status === 'pending' ? 'deferred' : d.status;
}

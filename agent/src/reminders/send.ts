import {
  claimReminder,
  listReminderRecipients,
  listReminderSchedules,
  listVisibleActionItems,
  settleReminder,
  type Db,
  type ReminderRecipient,
} from '@parley/db';
import type { ReminderCadence } from '@parley/protocol';
import { formatDay } from '@parley/services/time';
import { silentLogger, type Logger } from '@parley/services/log';
import {
  reminderPeriod,
  renderReminderEmail,
  signItemDoneToken,
  unsubscribeFor,
  type Mailer,
  type ReminderPeriod,
} from '@parley/services/mail';
import { deliver, emptyPass, sendInBatches, type SendOutcome, type EmailPass } from './deliver.ts';

export interface ReminderDeps {
  db: Db;
  mailer: Mailer;
  /** The web app's public origin (links in the email). */
  origin: string;
  /** MAIL_SECRET: signs the unsubscribe and "mark done" links. */
  secret: string;
  /**
   * The hour reminders go out on each person's clock (UTC for those without a time zone), for
   * those who chose no hour of their own.
   */
  hour: number;
  log?: Logger;
}

export type ReminderPass = EmailPass;

/** Items listed in the email; the rest are counted. */
const LISTED = 20;
/** Items read per person to count what the email leaves out. */
const COUNTED = 500;
/** Batches per cadence and pass: a pass stays bounded; the next sweep goes on. */
const MAX_BATCHES = 50;
const CADENCES: Exclude<ReminderCadence, 'off'>[] = ['daily', 'weekly'];

/** A YYYY-MM-DD date as "Sun 13 Dec" (a calendar date: no zone to convert). */
const dueByDate = new Intl.DateTimeFormat('en-GB', {
  weekday: 'short',
  day: 'numeric',
  month: 'short',
  timeZone: 'UTC',
});

/**
 * Sends the action-item reminders due at `now`: to each person on a cadence whose period has
 * come on their own clock (time zone by time zone), with open items assigned to them due by its
 * end, once per period. Each reminder is claimed in Postgres first, so workers sweeping at once
 * never send one twice. A server that is down (or answers 4xx) stops the pass; the reminder is
 * tried again by a later pass in the same period (up to MAX_ATTEMPTS, then `failed`); an address
 * it refuses (5xx) is `bounced`, never retried.
 */
export async function sendDueReminders(
  deps: ReminderDeps,
  now: Date = new Date(),
): Promise<ReminderPass> {
  const pass = emptyPass();
  for (const { timeZone, hour } of await listReminderSchedules(deps.db, deps.hour)) {
    for (const cadence of CADENCES) {
      const p = reminderPeriod(now, cadence, hour, timeZone);
      if (!p) continue;
      const who = { timeZone, hour, defaultHour: deps.hour, cadence };
      const more = await sendInBatches(
        pass,
        (limit) => listReminderRecipients(deps.db, { ...who, ...p, limit }),
        (person) => remind(deps, person, cadence, p),
        MAX_BATCHES,
      );
      if (!more) return pass;
    }
  }
  return pass;
}

async function remind(
  deps: ReminderDeps,
  person: ReminderRecipient,
  cadence: Exclude<ReminderCadence, 'off'>,
  p: ReminderPeriod,
): Promise<SendOutcome> {
  const { db } = deps;
  const log = deps.log ?? silentLogger;
  const attempt = await claimReminder(db, person.userId, p.period);
  if (attempt === null) return 'taken';
  const rows = await listVisibleActionItems(db, person.userId, {
    mine: true,
    status: 'open',
    dueBy: p.dueBy,
    limit: COUNTED,
    offset: 0,
  });
  if (rows.length === 0) {
    await settleReminder(db, person.userId, p.period, { status: 'empty', itemCount: 0 });
    return 'empty';
  }
  const unsubscribe = unsubscribeFor({ ...deps, userId: person.userId, list: 'reminders' });
  const mail = renderReminderEmail({
    recipientName: person.name,
    cadence,
    dueBy: dueByDate.format(new Date(`${p.dueBy}T00:00:00Z`)),
    items: rows.slice(0, LISTED).map((i) => ({
      text: i.text,
      meetingTitle: i.meeting_title,
      meetingDate: formatDay(i.meeting_at, person.timeZone),
      due: i.due_date ?? p.dueBy,
      overdue: (i.due_date ?? p.dueBy) < p.today,
      url: `${deps.origin}/meetings/${i.meeting_id}${i.start_ms === null ? '' : `?t=${i.start_ms}`}`,
      doneUrl: `${deps.origin}/action-items/done?token=${signItemDoneToken(deps.secret, person.userId, i.id)}`,
    })),
    more: Math.max(0, rows.length - LISTED),
    listUrl: `${deps.origin}/action-items`,
    settingsUrl: `${deps.origin}/account#reminders`,
    unsubscribeUrl: unsubscribe.url,
  });
  const d = await deliver(
    deps.mailer,
    { to: person.email, ...mail, headers: unsubscribe.headers },
    attempt,
  );
  const key = { userId: person.userId, period: p.period };
  if (d.status === 'sent') {
    await settleReminder(db, key.userId, key.period, { ...d, itemCount: rows.length });
    log.info({ ...key, items: rows.length }, 'reminder sent');
    return 'sent';
  }
  await settleReminder(db, key.userId, key.period, d);
  log.warn({ ...key, code: d.error, status: d.status }, 'reminder not sent');
  return d.status === 'pending' ? 'deferred' : d.status;
}

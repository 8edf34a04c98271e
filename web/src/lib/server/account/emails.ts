import { updateUserEmailSettings, userEmailSettings, type Db } from '@parley/db';
import type { ApiEmailSettings, ReminderCadence } from '@parley/protocol';
import { nextReminderAt, verifyUnsubscribeToken, type MailList } from '@parley/services/mail';
import { config } from '../config.ts';
import { ApiError } from '../http/errors.ts';

// The emails a user gets (the follow-up after meetings, action-item reminders) and the
// unsubscribe links in them.

export type EmailSettings = ApiEmailSettings;

function withNext(
  s: { followupEmail: boolean; actionItemReminders: ReminderCadence } | null,
): EmailSettings {
  if (!s) throw new ApiError(401, 'unauthenticated', 'Sign in first.');
  const c = config();
  const next = c.smtp ? nextReminderAt(new Date(), s.actionItemReminders, c.reminderHour) : null;
  return { ...s, nextActionItemReminder: next?.toISOString() ?? null };
}

export async function emailSettings(db: Db, userId: string): Promise<EmailSettings> {
  return withNext(await userEmailSettings(db, userId));
}

export async function updateEmailSettings(
  db: Db,
  userId: string,
  patch: { followupEmail?: boolean | undefined; actionItemReminders?: ReminderCadence | undefined },
): Promise<EmailSettings> {
  return withNext(await updateUserEmailSettings(db, userId, patch));
}

/** The user an unsubscribe link was made for and the emails it stops; 404 for a link that is not valid. */
export async function unsubscribeLink(
  db: Db,
  token: string | null,
): Promise<{ id: string; email: string; list: MailList }> {
  const secret = config().mailSecret;
  const link = secret && token ? verifyUnsubscribeToken(secret, token) : null;
  const user = link
    ? await db
        .selectFrom('users')
        .select(['id', 'email'])
        .where('id', '=', link.userId)
        .executeTakeFirst()
    : undefined;
  if (!link || !user) throw new ApiError(404, 'not_found', 'This unsubscribe link is not valid.');
  return { ...user, list: link.list };
}

/** Stops the emails the link names. */
export async function unsubscribe(db: Db, link: { id: string; list: MailList }): Promise<void> {
  await updateEmailSettings(
    db,
    link.id,
    link.list === 'followup' ? { followupEmail: false } : { actionItemReminders: 'off' },
  );
}

/** Hides most of an address: `m***@example.com`. */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  return at <= 0 ? '***' : `${email[0] ?? ''}***${email.slice(at)}`;
}

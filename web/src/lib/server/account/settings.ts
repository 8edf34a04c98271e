import { updateUserSettings, userSettings, type Db, type UserSettings } from '@parley/db';
import type { ApiAccountSettings } from '@parley/protocol';
import { nextReminderAt, verifyUnsubscribeToken, type MailList } from '@parley/services/mail';
import { config } from '../config.ts';
import { ApiError } from '../http/errors.ts';

// A person's settings (the emails they get, their time zone) and the unsubscribe links in those
// emails.

export type AccountSettings = ApiAccountSettings;

function withNext(s: UserSettings | null): AccountSettings {
  if (!s) throw new ApiError(401, 'unauthenticated', 'Sign in first.');
  const c = config();
  const hour = s.reminderHour ?? c.reminderHour;
  const next = c.smtp ? nextReminderAt(new Date(), s.actionItemReminders, hour, s.timeZone) : null;
  return {
    ...s,
    defaultReminderHour: c.reminderHour,
    nextActionItemReminder: next?.toISOString() ?? null,
  };
}

export async function accountSettings(db: Db, userId: string): Promise<AccountSettings> {
  return withNext(await userSettings(db, userId));
}

export async function updateAccountSettings(
  db: Db,
  userId: string,
  patch: { [K in keyof UserSettings]?: UserSettings[K] | undefined },
): Promise<AccountSettings> {
  return withNext(await updateUserSettings(db, userId, patch));
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

/** The setting that turns each list off. */
const OFF: Record<MailList, Partial<UserSettings>> = {
  followup: { followupEmail: false },
  reminders: { actionItemReminders: 'off' },
  briefs: { meetingBriefs: false },
};

/** Stops the emails the link names. */
export async function unsubscribe(db: Db, link: { id: string; list: MailList }): Promise<void> {
  await updateAccountSettings(db, link.id, OFF[link.list]);
}

/** Hides most of an address: `m***@example.com`. */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  return at <= 0 ? '***' : `${email[0] ?? ''}***${email.slice(at)}`;
}

import { setUserFollowupEmail, type Db } from '@parley/db';
import { verifyUnsubscribeToken } from '@parley/services/mail';
import { config } from '../config.ts';
import { ApiError } from '../http/errors.ts';

/** Whether the user gets follow-up emails after meetings. */
export async function followupEmailSetting(db: Db, userId: string): Promise<boolean> {
  const r = await db
    .selectFrom('users')
    .select('followup_email')
    .where('id', '=', userId)
    .executeTakeFirst();
  return r?.followup_email ?? false;
}

export async function setFollowupEmail(db: Db, userId: string, on: boolean): Promise<void> {
  if (!(await setUserFollowupEmail(db, userId, on))) {
    throw new ApiError(401, 'unauthenticated', 'Sign in first.');
  }
}

/** The user an unsubscribe link was made for; 404 for a link that is not valid. */
export async function userOfUnsubscribeLink(
  db: Db,
  token: string | null,
): Promise<{ id: string; email: string }> {
  const secret = config().mailSecret;
  const userId = secret && token ? verifyUnsubscribeToken(secret, token) : null;
  const user = userId
    ? await db
        .selectFrom('users')
        .select(['id', 'email'])
        .where('id', '=', userId)
        .executeTakeFirst()
    : undefined;
  if (!user) throw new ApiError(404, 'not_found', 'This unsubscribe link is not valid.');
  return user;
}

/** Hides most of an address: `m***@example.com`. */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  return at <= 0 ? '***' : `${email[0] ?? ''}***${email.slice(at)}`;
}

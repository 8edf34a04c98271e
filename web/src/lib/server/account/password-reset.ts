import {
  PASSWORD_RESET_TTL_MINUTES,
  findUsablePasswordReset,
  findUserByEmail,
  issuePasswordReset,
  usePasswordReset,
  type Db,
} from '@parley/db';
import { classifySendError, escapeHtml } from '@parley/services/mail';
import type { Cookies } from '@sveltejs/kit';
import { establishSession } from '../auth/login.ts';
import { hashPassword } from '../auth/password.ts';
import { toSessionUser, type SessionUser } from '../auth/service.ts';
import { hashSessionToken, isWellFormedToken } from '../auth/session.ts';
import { invalidate, tag } from '../cache/index.ts';
import { config } from '../config.ts';
import { mailAvailable, sendMailNow } from '../mail/index.ts';
import { log } from '../ops/log.ts';
import { accountKey, rateLimiter, rule, type LimitResult } from '../rate-limit/index.ts';

// "Forgot your password?": a link by email, usable once within an hour. Asking never tells
// whether an address has an account (same answer, same time: the lookup and the email happen
// after the answer); using the link sets the password, ends every session of the account on
// every replica and signs this browser in.

/**
 * Charges the limits (per address and per IP; refused while Redis is down) and, when allowed,
 * sends the link in the background if the address belongs to an account.
 */
export async function requestPasswordReset(
  db: Db,
  email: string,
  ctx: { ip: string; origin: string },
): Promise<LimitResult> {
  const limit = config().rateLimits.passwordReset;
  const r = await rateLimiter().hit(
    [
      rule(`password-reset:ip:${ctx.ip}`, limit),
      rule(`password-reset:acct:${accountKey(email)}`, limit),
    ],
    'closed',
  );
  if (r.allowed) {
    void sendResetLink(db, email, ctx.origin).catch((err: unknown) => {
      log.warn({ code: classifySendError(err).code }, 'password reset link not sent');
    });
  }
  return r;
}

async function sendResetLink(db: Db, email: string, origin: string): Promise<void> {
  const user = mailAvailable() ? await findUserByEmail(db, email) : undefined;
  if (!user) return;
  const token = await issuePasswordReset(db, user.id);
  await sendMailNow({ to: user.email, ...resetEmail(`${origin}/reset/${token}`) });
  log.info({ userId: user.id }, 'password reset emailed');
}

function resetEmail(link: string) {
  const minutes = PASSWORD_RESET_TTL_MINUTES;
  return {
    subject: 'Reset your Parley password',
    text: [
      'Someone (we hope you) asked to reset the password of your Parley account.',
      '',
      `Choose a new password here (the link works once, for ${minutes} minutes):`,
      link,
      '',
      'If it was not you, ignore this email: your password stays as it is.',
    ].join('\n'),
    html: [
      '<p>Someone (we hope you) asked to reset the password of your Parley account.</p>',
      `<p><a href="${escapeHtml(link)}">Choose a new password</a> (the link works once, for ${minutes} minutes).</p>`,
      '<p>If it was not you, ignore this email: your password stays as it is.</p>',
    ].join('\n'),
  };
}

/** The link's hash when the token is one we could have issued and it can still be used. */
export async function usableResetLink(db: Db, token: string): Promise<string | null> {
  if (!isWellFormedToken(token)) return null;
  const id = hashSessionToken(token);
  return (await findUsablePasswordReset(db, id)) ? id : null;
}

/**
 * Sets the new password with the link (once), ends the account's sessions everywhere and signs
 * this browser in. Null when the link is unknown, used or expired (nothing changes).
 */
export async function resetPassword(
  db: Db,
  token: string,
  password: string,
  ctx: { cookies: Cookies; secure: boolean },
): Promise<SessionUser | null> {
  // Checked before hashing, so an unknown link costs no argon2 work.
  const id = await usableResetLink(db, token);
  if (!id) return null;
  const user = await usePasswordReset(db, id, await hashPassword(password));
  if (!user) return null;
  await invalidate(tag.user(user.id));
  await establishSession(db, user.id, ctx);
  log.info({ userId: user.id }, 'password reset');
  return toSessionUser(user);
}

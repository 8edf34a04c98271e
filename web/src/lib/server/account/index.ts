import {
  deleteUserSessions,
  findUserWithHashById,
  listTeamsForUser,
  updatePasswordHash,
  updateUserName,
  type Db,
} from '@parley/db';
import type { Cookies } from '@sveltejs/kit';
import type { z } from 'zod';
import { establishSession } from '../auth/login.ts';
import { hashPassword, verifyPassword } from '../auth/password.ts';
import type { changePasswordSchema } from './schemas.ts';
import { clearSessionCookie } from '../auth/session.ts';
import { invalidate, tag } from '../cache/index.ts';
import { ApiError, validationError } from '../http/errors.ts';
import { meetingEraser } from '../erasure.ts';

async function checkPassword(db: Db, userId: string, password: string, field: string) {
  const user = await findUserWithHashById(db, userId);
  if (!user) throw new ApiError(401, 'unauthenticated', 'Sign in first.');
  if (!(await verifyPassword(user.password_hash, password))) {
    throw validationError({ [field]: 'Password is incorrect.' });
  }
}

/**
 * Changes the password, ends every session of the user (other devices are logged out) and starts
 * a fresh session for this browser.
 */
export async function changePassword(
  db: Db,
  userId: string,
  input: z.output<typeof changePasswordSchema>,
  ctx: { cookies: Cookies; secure: boolean },
): Promise<void> {
  await checkPassword(db, userId, input.currentPassword, 'currentPassword');
  await updatePasswordHash(db, userId, await hashPassword(input.newPassword));
  await logOutEverywhere(db, userId);
  await establishSession(db, userId, ctx);
}

/** Changes the display name; every replica's cached sessions show it at once. */
export async function renameUser(db: Db, userId: string, name: string): Promise<void> {
  await updateUserName(db, userId, name);
  await invalidate(tag.user(userId));
}

/** Ends every session of the user (all browsers and devices). */
export async function logOutEverywhere(db: Db, userId: string): Promise<void> {
  await deleteUserSessions(db, userId);
  await invalidate(tag.user(userId));
}

/**
 * Deletes the account and the user's data: their sessions, API tokens, personal meetings (stored
 * objects, vectors, then rows, the one way meetings are deleted). Team meetings they own pass to an
 * owner/admin of the team. A failure leaves the account in place, so it can be deleted again.
 */
export async function deleteAccount(
  db: Db,
  userId: string,
  password: string,
  ctx: { cookies: Cookies; secure: boolean },
): Promise<{ deletedMeetings: number }> {
  await checkPassword(db, userId, password, 'password');
  const teams = await listTeamsForUser(db, userId);
  const deleted = await meetingEraser(db).eraseAccount(userId);
  // The user's sessions and access everywhere, and access in their teams (meetings and roles are
  // handed on). Personal meetings were visible to the user alone.
  await invalidate(tag.user(userId), ...teams.map((t) => tag.team(t.id)));
  clearSessionCookie(ctx.cookies, ctx.secure);
  return { deletedMeetings: deleted.length };
}

export {
  accountSettingsSchema,
  changePasswordSchema,
  confirmPasswordResetSchema,
  deleteAccountSchema,
  forgotPasswordSchema,
  resetPasswordSchema,
} from './schemas.ts';
export { requestPasswordReset, resetPassword, usableResetLink } from './password-reset.ts';
export {
  accountSettings,
  maskEmail,
  unsubscribe,
  unsubscribeLink,
  updateAccountSettings,
  type AccountSettings,
} from './settings.ts';

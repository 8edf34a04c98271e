import { ApiError } from '../http/errors.ts';
import type { SessionUser } from './service.ts';

/** The signed-in user, or a 401 ApiError. */
export function requireApiUser(locals: App.Locals): SessionUser {
  if (!locals.user) throw new ApiError(401, 'unauthenticated', 'Sign in first.');
  return locals.user;
}

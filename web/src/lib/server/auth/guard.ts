import { ApiError } from '../http/errors.ts';
import type { SessionUser } from './service.ts';

/** The signed-in user, or a 401 ApiError (guests are not users: 403). */
export function requireApiUser(locals: App.Locals): SessionUser {
  if (locals.principal?.kind === 'guest') {
    throw new ApiError(403, 'forbidden', 'Guests may only join their meeting.');
  }
  if (!locals.user) throw new ApiError(401, 'unauthenticated', 'Sign in first.');
  return locals.user;
}

import { error, fail, type ActionFailure } from '@sveltejs/kit';
import { ApiError } from './errors.ts';

/**
 * Runs a page load or form action body with the same service calls the API uses, mapping their
 * ApiErrors to page semantics: 422 → `fail(422, { fields, message })` for actions, anything else
 * → SvelteKit's error page with the same status (404 for invisible meetings, 403, 429, …).
 */
export async function pageAction<T, V extends Record<string, unknown>>(
  fn: () => Promise<T>,
  values?: V,
): Promise<
  T | ActionFailure<{ fields: Record<string, string>; message: string; values: V | undefined }>
> {
  try {
    return await fn();
  } catch (err) {
    if (
      err instanceof ApiError &&
      (err.status === 422 || err.status === 401 || err.status === 409)
    ) {
      return fail(err.status, { fields: err.fields ?? {}, message: err.message, values });
    }
    if (err instanceof ApiError) error(err.status, err.message);
    throw err;
  }
}

/** For loads: ApiErrors become the error page with their status. */
export async function pageLoad<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof ApiError) error(err.status, err.message);
    throw err;
  }
}

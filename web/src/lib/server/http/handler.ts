import type { RequestEvent } from '@sveltejs/kit';
import { ApiError, errorResponse } from './errors.ts';
import { reportError } from './report.ts';

/**
 * Wraps a JSON API handler: `ApiError`s become their JSON error response; anything else is logged
 * with a reference id and answered with a generic 500 in the same shape.
 */
export function apiHandler<E extends RequestEvent>(
  fn: (event: E) => Promise<Response>,
): (event: E) => Promise<Response> {
  return async (event) => {
    try {
      return await fn(event);
    } catch (err) {
      if (err instanceof ApiError) {
        return errorResponse(err.status, err.code, err.message, {
          ...(err.fields ? { fields: err.fields } : {}),
          ...(err.headers ? { headers: err.headers } : {}),
        });
      }
      const id = reportError(err, { method: event.request.method, path: event.url.pathname });
      return errorResponse(500, 'internal_error', `Internal error (reference ${id}).`);
    }
  };
}

/** A JSON success response that is never cached. */
export function jsonResponse(data: unknown, status = 200, headers: Record<string, string> = {}) {
  return Response.json(data, { status, headers: { 'cache-control': 'no-store', ...headers } });
}

import type { ApiErrorBody } from '@parley/protocol';
import type { z } from 'zod';

/** An expected API failure; `apiHandler` turns it into a JSON error response. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly fields: Record<string, string> | undefined;
  readonly headers: Record<string, string> | undefined;

  constructor(
    status: number,
    code: string,
    message: string,
    opts: { fields?: Record<string, string>; headers?: Record<string, string> } = {},
  ) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.fields = opts.fields;
    this.headers = opts.headers;
  }
}

/** Builds the JSON body for an error. */
export function errorBody(
  code: string,
  message: string,
  fields?: Record<string, string>,
): ApiErrorBody {
  return { error: fields ? { code, message, fields } : { code, message } };
}

/** A JSON error response in the standard shape. */
export function errorResponse(
  status: number,
  code: string,
  message: string,
  opts: { fields?: Record<string, string>; headers?: Record<string, string> } = {},
): Response {
  return Response.json(errorBody(code, message, opts.fields), {
    status,
    headers: { 'cache-control': 'no-store', ...opts.headers },
  });
}

/** Maps zod issues to `{ field: firstMessage }` (top-level field names). */
export function fieldErrors(error: z.ZodError): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = issue.path.length > 0 ? String(issue.path[0]) : '_';
    fields[key] ??= issue.message;
  }
  return fields;
}

/** A 422 ApiError carrying per-field messages. */
export function validationError(fields: Record<string, string>): ApiError {
  return new ApiError(422, 'validation_failed', 'Some fields are invalid.', { fields });
}

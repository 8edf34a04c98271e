/**
 * The browser's JSON API client: one place that sends requests and reads the error envelope
 * (`{"error":{"code","message","fields?"}}`, `@parley/protocol`). A failed request throws an
 * `ApiRequestError` carrying the server's message, or the caller's fallback when the body is not
 * the envelope. Network failures are thrown as they come (fetch's TypeError).
 */
import { parseApiError, type ApiErrorBody } from '@parley/protocol';

export class ApiRequestError extends Error {
  /** HTTP status (0 when the response was fine but its body was not what was expected). */
  readonly status: number;
  /** The envelope's code, or null when the body had none. */
  readonly code: string | null;
  /** Field name → message, for validation failures. */
  readonly fields: Readonly<Record<string, string>> | undefined;
  /** The whole response body (e.g. a 409's current state), or null. */
  readonly body: unknown;

  constructor(
    status: number,
    message: string,
    error: Pick<ApiErrorBody['error'], 'code' | 'fields'> | null = null,
    body: unknown = null,
  ) {
    super(message);
    this.name = 'ApiRequestError';
    this.status = status;
    this.code = error?.code ?? null;
    this.fields = error?.fields;
    this.body = body;
  }
}

/** What to say when the server gave no message: a text, or one built from the status. */
export type Fallback = string | ((status: number) => string);

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Sent as JSON. */
  body?: unknown;
  /** Sent as is, with its content type (an uploaded file), instead of a JSON body. */
  raw?: { type: string; data: string | Blob };
  fallback: Fallback;
}

const say = (fallback: Fallback, status: number) =>
  typeof fallback === 'string' ? fallback : fallback(status);

async function readBody(res: Response): Promise<unknown> {
  return res.json().catch(() => null);
}

/**
 * Sends a request to the app's API and resolves with the JSON body (typed by the caller: the
 * body is the server's DTO and is not validated again here).
 */
export async function request<T>(path: string, opts: RequestOptions): Promise<T> {
  const init: RequestInit = { method: opts.method ?? 'GET' };
  if (opts.raw) {
    init.headers = { 'content-type': opts.raw.type };
    init.body = opts.raw.data;
  } else if (opts.body !== undefined) {
    init.headers = { 'content-type': 'application/json' };
    init.body = JSON.stringify(opts.body);
  }
  const res = await fetch(path, init);
  const body = await readBody(res);
  if (!res.ok) {
    const error = parseApiError(body);
    throw new ApiRequestError(
      res.status,
      error?.message ?? say(opts.fallback, res.status),
      error,
      body,
    );
  }
  if (body === null && res.status !== 204) {
    throw new ApiRequestError(res.status, say(opts.fallback, res.status));
  }
  return body as T;
}

/** The message of a failed request (or any error), for showing to the person. */
export function errorText(err: unknown, fallback: string): string {
  return err instanceof Error ? err.message : fallback;
}

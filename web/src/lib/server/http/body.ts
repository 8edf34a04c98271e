import type { z } from 'zod';
import { ApiError, fieldErrors, validationError } from './errors.ts';

/** Largest accepted request body. */
export const MAX_BODY_BYTES = 64 * 1024;

/**
 * Reads the request body as text, refusing (413) anything larger than `maxBytes` — whether the
 * client declared the length or streams it.
 */
export async function readBodyText(request: Request, maxBytes = MAX_BODY_BYTES): Promise<string> {
  const declared = Number(request.headers.get('content-length') ?? '0');
  if (declared > maxBytes) throw tooLarge();
  if (!request.body) return '';
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      throw tooLarge();
    }
    chunks.push(value);
  }
  return new TextDecoder().decode(Buffer.concat(chunks));
}

function tooLarge(): ApiError {
  return new ApiError(413, 'payload_too_large', `Request body exceeds ${MAX_BODY_BYTES} bytes.`);
}

/** True when the content type is JSON (`application/json`, optionally with parameters). */
export function isJsonContentType(contentType: string | null): boolean {
  const type = contentType?.split(';')[0]?.trim().toLowerCase();
  return type === 'application/json';
}

/**
 * Parses a JSON request body and validates it: 415 for a non-JSON content type, 413 when too
 * large, 400 for malformed JSON, 422 with `fields` when the schema rejects it.
 */
export async function readJson<S extends z.ZodType>(
  request: Request,
  schema: S,
): Promise<z.output<S>> {
  if (!isJsonContentType(request.headers.get('content-type'))) {
    throw new ApiError(415, 'unsupported_media_type', 'Send the body as application/json.');
  }
  const text = await readBodyText(request);
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new ApiError(400, 'bad_json', 'The request body is not valid JSON.');
  }
  const result = schema.safeParse(data);
  if (!result.success) throw validationError(fieldErrors(result.error));
  return result.data;
}

/**
 * Like `readJson` for endpoints whose body is optional: an empty body validates as `{}`; a
 * non-empty one must be JSON (415 / 400 / 422 as usual).
 */
export async function readOptionalJson<S extends z.ZodType>(
  request: Request,
  schema: S,
): Promise<z.output<S>> {
  const text = await readBodyText(request);
  let data: unknown = {};
  if (text.length > 0) {
    if (!isJsonContentType(request.headers.get('content-type'))) {
      throw new ApiError(415, 'unsupported_media_type', 'Send the body as application/json.');
    }
    try {
      data = JSON.parse(text);
    } catch {
      throw new ApiError(400, 'bad_json', 'The request body is not valid JSON.');
    }
  }
  const result = schema.safeParse(data);
  if (!result.success) throw validationError(fieldErrors(result.error));
  return result.data;
}

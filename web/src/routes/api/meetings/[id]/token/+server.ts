import type { RequestHandler } from './$types';
import { requireApiUser } from '#lib/server/auth/index.ts';
import { getDb } from '#lib/server/db.ts';
import {
  ApiError,
  apiHandler,
  isJsonContentType,
  jsonResponse,
  readBodyText,
} from '#lib/server/http/index.ts';
import { issueMeetingToken } from '#lib/server/livekit/index.ts';
import { getMeetingFor } from '#lib/server/meetings/index.ts';

export const POST: RequestHandler = apiHandler(async ({ locals, params, request }) => {
  const user = requireApiUser(locals);
  // The body is optional; when one is sent it must be a small JSON document.
  const text = await readBodyText(request);
  if (text.length > 0) {
    if (!isJsonContentType(request.headers.get('content-type'))) {
      throw new ApiError(415, 'unsupported_media_type', 'Send the body as application/json.');
    }
    try {
      JSON.parse(text);
    } catch {
      throw new ApiError(400, 'bad_json', 'The request body is not valid JSON.');
    }
  }
  const meeting = await getMeetingFor(getDb(), user.id, params.id);
  if (!meeting) throw new ApiError(404, 'not_found', 'Meeting not found.');
  return jsonResponse(await issueMeetingToken(user, meeting));
});

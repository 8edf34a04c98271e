import type { RequestHandler } from './$types';
import { authorizeMeeting } from '#lib/server/authz/index.ts';
import { getDb } from '#lib/server/db.ts';
import { ApiError, apiHandler, jsonResponse, readOptionalJson } from '#lib/server/http/index.ts';
import { forceMute } from '#lib/server/livekit/index.ts';
import { moderationSchema } from '#lib/server/meetings/index.ts';

/**
 * Mutes another participant's microphone (hosts only, checked here, enforced by
 * LiveKit through the server API); the target is told why over a data message.
 */
export const POST: RequestHandler = apiHandler(async ({ locals, params, request }) => {
  const access = await authorizeMeeting(getDb(), locals.principal, params.id, 'moderate');
  const input = await readOptionalJson(request, moderationSchema);
  const reason = input.reason || 'The host muted your microphone.';
  const done = await forceMute(access.meeting.room_name, params.identity, reason);
  if (!done)
    throw new ApiError(404, 'not_found', 'That participant is not in the room with a microphone.');
  return jsonResponse({ ok: true });
});

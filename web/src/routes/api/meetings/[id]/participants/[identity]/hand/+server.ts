import { ATTR_HAND, handBodySchema } from '@parley/protocol';
import type { RequestHandler } from './$types';
import { requirePrincipal } from '#lib/server/authz/index.ts';
import { getDb } from '#lib/server/db.ts';
import { ApiError, apiHandler, jsonResponse, readJson } from '#lib/server/http/index.ts';
import { setParticipantAttributes } from '#lib/server/livekit/index.ts';
import { roomContext } from '#lib/server/meetings/index.ts';

/**
 * Raises or lowers a hand in the room: the participant's LiveKit attribute `parley.hand` (when
 * it went up). Anyone in the room (guests too) raises and lowers their own; the meeting's
 * moderators lower anyone's. Participants cannot set attributes themselves.
 */
export const POST: RequestHandler = apiHandler(async ({ locals, params, request }) => {
  const principal = requirePrincipal(locals.principal);
  const { raised } = await readJson(request, handBodySchema);
  const ctx = await roomContext(getDb(), principal, params.id);
  if (!ctx) throw new ApiError(404, 'not_found', 'Meeting not found.');
  if (params.identity !== ctx.me.id) {
    if (raised) throw new ApiError(403, 'forbidden', 'Only they can raise their hand.');
    if (!ctx.canModerate) {
      throw new ApiError(403, 'forbidden', "Only the meeting's host can lower another hand.");
    }
  }
  const set = await setParticipantAttributes(ctx.meeting.room_name, params.identity, {
    [ATTR_HAND]: raised ? String(Date.now()) : '',
  });
  if (!set) throw new ApiError(404, 'not_found', 'That participant is not in the room.');
  return jsonResponse({ raised });
});

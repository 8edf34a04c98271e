import { ATTR_ROOM_MIC, roomMicBodySchema } from '@parley/protocol';
import type { RequestHandler } from './$types';
import { requirePrincipal } from '#lib/server/authz/index.ts';
import { getDb } from '#lib/server/db.ts';
import { ApiError, apiHandler, jsonResponse, readJson } from '#lib/server/http/index.ts';
import { setParticipantAttributes } from '#lib/server/livekit/index.ts';
import { roomContext } from '#lib/server/meetings/index.ts';

/**
 * Marks (or unmarks) a participant's microphone as a shared room microphone: their LiveKit
 * attribute `parley.room_mic`, which the agent honours from the next utterance (split by voice
 * with a diarizing provider). Anyone in the room may mark their own; the meeting's editors
 * (owner, team admins) anyone's. Participants cannot set attributes themselves.
 */
export const POST: RequestHandler = apiHandler(async ({ locals, params, request }) => {
  const principal = requirePrincipal(locals.principal);
  const { roomMic } = await readJson(request, roomMicBodySchema);
  const ctx = await roomContext(getDb(), principal, params.id);
  if (!ctx) throw new ApiError(404, 'not_found', 'Meeting not found.');
  if (params.identity !== ctx.me.id && !ctx.canEditTranscript) {
    throw new ApiError(403, 'forbidden', "Only the meeting's host can mark another microphone.");
  }
  const set = await setParticipantAttributes(ctx.meeting.room_name, params.identity, {
    [ATTR_ROOM_MIC]: roomMic ? '1' : '',
  });
  if (!set) throw new ApiError(404, 'not_found', 'That participant is not in the room.');
  return jsonResponse({ roomMic });
});

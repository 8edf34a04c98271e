import { ATTR_TRANSCRIPTION, type TranscriptionState } from '@parley/protocol';
import { z } from 'zod';
import type { RequestHandler } from './$types';
import { requirePrincipal } from '#lib/server/authz/index.ts';
import { config } from '#lib/server/config.ts';
import { getDb } from '#lib/server/db.ts';
import { getRedis } from '#lib/server/redis.ts';
import { rememberPause } from '#lib/server/transcription/index.ts';
import { ApiError, apiHandler, jsonResponse, readJson } from '#lib/server/http/index.ts';
import { setParticipantAttributes } from '#lib/server/livekit/index.ts';
import { roomContext } from '#lib/server/meetings/index.ts';
import { log } from '#lib/server/ops/index.ts';

const bodySchema = z.strictObject({
  paused: z.boolean({ error: 'paused must be true or false' }),
});

/**
 * Pauses or resumes transcription of the caller: remembers the choice per (meeting, identity) in
 * Redis for 24 h — so the next join token carries it and a reload is never transcribed — and sets
 * their own LiveKit participant attribute (participants cannot set attributes themselves; their
 * tokens do not grant it). Redis down: logged, the live attribute still changes.
 */
export const POST: RequestHandler = apiHandler(async ({ locals, params, request }) => {
  const principal = requirePrincipal(locals.principal);
  const { paused } = await readJson(request, bodySchema);
  // The same check the room page makes: members, hosts and this meeting's guests, else 404.
  const ctx = await roomContext(getDb(), principal, params.id);
  if (!ctx) throw new ApiError(404, 'not_found', 'Meeting not found.');
  try {
    await rememberPause(getRedis(), config().rateLimitPrefix, ctx.meeting.id, ctx.me.id, paused);
  } catch {
    log.warn(
      { meetingId: ctx.meeting.id },
      'transcription pause not remembered (Redis unavailable)',
    );
  }
  // Only ever the caller's own participant (their identity in the room).
  const set = await setParticipantAttributes(ctx.meeting.room_name, ctx.me.id, {
    [ATTR_TRANSCRIPTION]: (paused ? 'paused' : 'active') satisfies TranscriptionState,
  });
  if (!set) throw new ApiError(409, 'not_in_room', 'Join the meeting room first.');
  return jsonResponse({ paused });
});

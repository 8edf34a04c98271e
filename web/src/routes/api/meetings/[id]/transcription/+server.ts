import { RoomServiceClient, ServerError } from 'livekit-server-sdk';
import { z } from 'zod';
import type { RequestHandler } from './$types';
import { requireApiUser } from '#lib/server/auth/index.ts';
import { config } from '#lib/server/config.ts';
import { getDb } from '#lib/server/db.ts';
import { ApiError, apiHandler, jsonResponse, readJson } from '#lib/server/http/index.ts';
import { getMeetingFor } from '#lib/server/meetings/index.ts';

/** Participant attribute the agent honours (contract with the agent): `paused` | `active`. */
const ATTR = 'parley.transcription';

const bodySchema = z.strictObject({
  paused: z.boolean({ error: 'paused must be true or false' }),
});

let rooms: RoomServiceClient | undefined;

function roomService(): RoomServiceClient {
  const c = config();
  rooms ??= new RoomServiceClient(c.livekitHttpUrl, c.livekitApiKey, c.livekitApiSecret);
  return rooms;
}

/**
 * Pauses or resumes transcription of the caller: sets their own LiveKit participant attribute
 * (participants cannot set attributes themselves; their tokens do not grant it).
 */
export const POST: RequestHandler = apiHandler(async ({ locals, params, request }) => {
  const user = requireApiUser(locals);
  const { paused } = await readJson(request, bodySchema);
  // The same check the room page makes: a meeting the user may join, else 404.
  const meeting = await getMeetingFor(getDb(), user.id, params.id);
  if (!meeting) throw new ApiError(404, 'not_found', 'Meeting not found.');
  try {
    await roomService().updateParticipant(meeting.room_name, user.id, {
      attributes: { [ATTR]: paused ? 'paused' : 'active' },
    });
  } catch (err) {
    // LiveKit answers not_found when the room or the participant is not there.
    if (err instanceof ServerError && (err.status === 404 || err.code === 'not_found')) {
      throw new ApiError(409, 'not_in_room', 'Join the meeting room first.');
    }
    throw err;
  }
  return jsonResponse({ paused });
});

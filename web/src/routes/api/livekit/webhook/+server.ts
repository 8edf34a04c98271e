import type { WebhookEvent } from 'livekit-server-sdk';
import type { RequestHandler } from './$types';
import { findMeetingByRoom } from '@parley/db';
import { getDb } from '#lib/server/db.ts';
import { ApiError, apiHandler, jsonResponse, readBodyText } from '#lib/server/http/index.ts';
import {
  applyWebhookEvent,
  forgetRoom,
  isAgentParticipant,
  recoverAgent,
  verifyWebhook,
  webhookReceiver,
} from '#lib/server/livekit/index.ts';
import { reportError } from '#lib/server/http/report.ts';
import { enforceRoomAccess } from '#lib/server/meetings/index.ts';
import { recordingWebhookEffects } from '#lib/server/recording/index.ts';
import { getRedis } from '#lib/server/redis.ts';
import { log } from '#lib/server/ops/log.ts';

/** Why this event calls for a look at the room's agent, if it does. */
function agentRecoveryCause(event: WebhookEvent): 'agent left' | 'person joined' | null {
  if (event.event === 'participant_left' && isAgentParticipant(event.participant)) {
    return 'agent left';
  }
  if (
    event.event === 'participant_joined' &&
    event.participant &&
    !isAgentParticipant(event.participant)
  ) {
    return 'person joined';
  }
  return null;
}

export const POST: RequestHandler = apiHandler(async ({ request }) => {
  const body = await readBodyText(request);
  const event = await verifyWebhook(webhookReceiver(), body, request.headers.get('authorization'));
  if (!event) throw new ApiError(401, 'invalid_signature', 'Webhook signature is invalid.');
  const db = getDb();
  const outcome = await applyWebhookEvent(db, event);
  // The agent left while the meeting goes on (its worker died), or a person joined a room the
  // agent is not in (people reconnecting after the room's LiveKit node died re-create it on
  // another node, with no token request to us): bring an agent in. Done after answering, so
  // LiveKit's webhook is not held up by the dispatch.
  const cause = agentRecoveryCause(event);
  if (outcome === 'processed' && cause && event.room?.name) {
    void findMeetingByRoom(db, event.room.name)
      .then(async (m) => {
        if (!m || m.status === 'ended' || !m.ai_enabled) return;
        if (await recoverAgent(m))
          log.info({ meetingId: m.id, cause }, 'agent re-dispatched to meeting');
      })
      .catch((err: unknown) => reportError(err, { method: 'webhook', path: 'agent recovery' }));
  }
  if (outcome === 'processed' && event.event === 'room_finished' && event.room?.name) {
    await forgetRoom(event.room.name);
  }
  // Someone joining with a token issued before they lost access is taken out (after answering).
  const joined = event.participant?.identity ?? '';
  if (outcome === 'processed' && event.event === 'participant_joined' && joined) {
    void findMeetingByRoom(db, event.room?.name ?? '')
      .then(async (m) => {
        if (m && (await enforceRoomAccess(db, m, joined)))
          log.info({ meetingId: m.id, identity: joined }, 'participant without access removed');
      })
      .catch((err: unknown) => reportError(err, { method: 'webhook', path: 'room access' }));
  }
  // Recording: start/stop the egress, forget an ended one's Redis key (after answering).
  if (outcome === 'processed') {
    void recordingWebhookEffects(db, getRedis(), event).catch((err: unknown) =>
      reportError(err, { method: 'webhook', path: 'recording' }),
    );
  }
  return jsonResponse({ ok: true, outcome });
});

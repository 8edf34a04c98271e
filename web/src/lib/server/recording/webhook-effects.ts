import { findMeetingByRoom, type Db } from '@parley/db';
import type { Redis } from 'ioredis';
import type { WebhookEvent } from 'livekit-server-sdk';
import { isAgentParticipant, roomService } from '../livekit/index.ts';
import { clearEgressKey, egressKey, startMeetingEgress, stopMeetingEgress } from './egress.ts';
import { config } from '../config.ts';

/** ParticipantInfo.Kind.EGRESS in LiveKit's protocol. */
const PARTICIPANT_KIND_EGRESS = 2;

/**
 * What a (verified, freshly applied) webhook means for recording, after the webhook answered:
 * `room_started` starts the egress (egress mode, host allows); the last person leaving or
 * `room_finished` stops it; `egress_ended` forgets its Redis key (the row was updated in the
 * webhook's transaction). Returns what it did, for logs and tests.
 */
export async function recordingWebhookEffects(
  db: Db,
  redis: Redis,
  event: WebhookEvent,
): Promise<string> {
  const roomName = event.room?.name || event.egressInfo?.roomName || '';
  if (!roomName) return 'none';
  switch (event.event) {
    case 'room_started': {
      const m = await findMeetingByRoom(db, roomName);
      if (!m) return 'none';
      return `egress_${(await startMeetingEgress(db, redis, m)).kind}`;
    }
    case 'room_finished': {
      const m = await findMeetingByRoom(db, roomName);
      if (!m) return 'none';
      return (await stopMeetingEgress(db, redis, m.id)) ? 'egress_stopped' : 'none';
    }
    case 'participant_left': {
      if (isAgentParticipant(event.participant)) return 'none';
      const m = await findMeetingByRoom(db, roomName);
      if (!m) return 'none';
      const running = await redis
        .get(egressKey(config().rateLimitPrefix, m.id))
        .catch(() => 'unknown');
      if (!running) return 'none';
      const people = await roomService()
        .listParticipants(roomName)
        .catch(() => null);
      if (people === null) return 'none';
      const humans = people.filter(
        (p) => !isAgentParticipant(p) && Number(p.kind) !== PARTICIPANT_KIND_EGRESS,
      );
      if (humans.length > 0) return 'none';
      return (await stopMeetingEgress(db, redis, m.id)) ? 'egress_stopped' : 'none';
    }
    case 'egress_ended': {
      const e = event.egressInfo;
      const m = await findMeetingByRoom(db, roomName);
      if (!m || !e?.egressId) return 'none';
      await clearEgressKey(redis, m.id, e.egressId);
      return 'egress_key_cleared';
    }
    default:
      return 'none';
  }
}

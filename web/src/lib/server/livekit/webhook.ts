import {
  claimWebhookEvent,
  finishEgressRecording,
  findMeetingByRoom,
  findUserById,
  markMeetingEnded,
  markMeetingStarted,
  recordParticipantJoined,
  recordParticipantLeft,
  recordTrackPublished,
  upsertEgress,
  type Db,
} from '@parley/db';
import { isUuid } from '@parley/protocol';
import { enqueuePostmeeting } from '../search/services.ts';
import {
  EgressStatus,
  TrackSource,
  TrackType,
  type WebhookEvent,
  type WebhookReceiver,
} from 'livekit-server-sdk';
import { egressEndState } from '../recording/egress-state.ts';
import { AGENT_DISPLAY_NAME, isAgentParticipant } from './dispatch.ts';
import { meetingWebhookEvent, recordingWebhookEvent } from '../webhooks/events.ts';

/** What happened to a verified webhook event. */
export type WebhookOutcome = 'processed' | 'replay' | 'ignored';

/**
 * Verifies a webhook (JWT signature and the body's sha256); null when it does not verify.
 */
export async function verifyWebhook(
  receiver: WebhookReceiver,
  body: string,
  authorization: string | null,
): Promise<WebhookEvent | null> {
  if (!authorization) return null;
  try {
    return await receiver.receive(body, authorization);
  } catch {
    return null;
  }
}

/** Seconds (protobuf int64) → Date; `fallback` when absent. */
function fromSeconds(seconds: bigint | number | undefined, fallback: Date): Date {
  const n = Number(seconds ?? 0);
  return n > 0 ? new Date(n * 1000) : fallback;
}

/**
 * Applies a verified event to the database, once per event id (claim and effect share a
 * transaction). Events for rooms that are not Parley meetings are ignored.
 */
const HANDLED = [
  'room_started',
  'room_finished',
  'participant_joined',
  'participant_left',
  'track_published',
  'egress_started',
  'egress_updated',
  'egress_ended',
];

/** Nanoseconds (protobuf int64) → Date; null when absent. */
function fromNanos(ns: bigint | number | undefined): Date | null {
  const n = Number(ns ?? 0);
  return n > 0 ? new Date(Math.round(n / 1e6)) : null;
}

export async function applyWebhookEvent(db: Db, event: WebhookEvent): Promise<WebhookOutcome> {
  const roomName = event.room?.name || event.egressInfo?.roomName || '';
  if (!event.id || !roomName) return 'ignored';
  const handled = HANDLED;
  if (!handled.includes(event.event)) return 'ignored';
  const meeting = await findMeetingByRoom(db, roomName);
  if (!meeting) return 'ignored';
  const at = fromSeconds(event.createdAt, new Date());
  const p = event.participant;

  let userId: string | null = null;
  if (event.event === 'participant_joined' && p && isUuid(p.identity)) {
    userId = (await findUserById(db, p.identity))?.id ?? null;
  }

  let storedRecordingId: string | null = null;
  const outcome = await db.transaction().execute(async (trx): Promise<WebhookOutcome> => {
    const fresh = await claimWebhookEvent(trx, { id: event.id, event: event.event, roomName });
    if (!fresh) return 'replay';
    switch (event.event) {
      case 'room_started':
        await markMeetingStarted(trx, meeting.id);
        break;
      case 'room_finished':
        await markMeetingEnded(trx, meeting.id);
        break;
      case 'participant_joined':
        if (p?.sid) {
          const joinedMs = Number(p.joinedAtMs ?? 0);
          await recordParticipantJoined(trx, {
            meetingId: meeting.id,
            identity: p.identity,
            participantSid: p.sid,
            name: isAgentParticipant(p) ? AGENT_DISPLAY_NAME : p.name || p.identity,
            userId,
            joinedAt: joinedMs > 0 ? new Date(joinedMs) : fromSeconds(p.joinedAt, at),
          });
        }
        break;
      case 'participant_left':
        if (p?.sid) {
          await recordParticipantLeft(trx, {
            meetingId: meeting.id,
            participantSid: p.sid,
            leftAt: at,
          });
        }
        break;
      case 'track_published':
        if (p?.sid && event.track?.sid) {
          await recordTrackPublished(trx, {
            meetingId: meeting.id,
            participantSid: p.sid,
            participantIdentity: p.identity,
            trackSid: event.track.sid,
            kind: (TrackType[event.track.type] ?? 'unknown').toLowerCase(),
            source: (TrackSource[event.track.source] ?? 'unknown').toLowerCase(),
            publishedAt: at,
          });
        }
        break;
      case 'egress_started':
      case 'egress_updated':
      case 'egress_ended': {
        const e = event.egressInfo;
        if (e?.egressId) {
          await upsertEgress(trx, {
            egressId: e.egressId,
            meetingId: meeting.id,
            status: (EgressStatus[e.status] ?? 'unknown').toLowerCase(),
            info: e.toJson(),
            startedAt: fromNanos(e.startedAt),
            endedAt: fromNanos(e.endedAt),
          });
          // Any end state completes or fails the recording started for this egress.
          if (event.event === 'egress_ended') {
            const r = await finishEgressRecording(trx, e.egressId, {
              ...egressEndState(e),
              endedAt: fromNanos(e.endedAt) ?? at,
            });
            if (r?.status === 'completed') storedRecordingId = r.id;
          }
        }
        break;
      }
    }
    return 'processed';
  });
  // The room is gone: queue the post-meeting chain (once per meeting; never fails the webhook).
  if (outcome === 'processed' && event.event === 'room_finished') {
    await enqueuePostmeeting(db, meeting.id, 'room_finished');
  }
  // The team's outgoing webhooks (never fail the LiveKit webhook).
  if (outcome === 'processed') {
    if (event.event === 'room_started')
      await meetingWebhookEvent(db, 'meeting.started', meeting.id);
    if (event.event === 'room_finished') await meetingWebhookEvent(db, 'meeting.ended', meeting.id);
    if (storedRecordingId) await recordingWebhookEvent(db, meeting.id, storedRecordingId);
  }
  return outcome;
}

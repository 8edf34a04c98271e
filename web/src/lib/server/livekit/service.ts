import {
  AgentDispatchClient,
  DataPacket_Kind,
  RoomServiceClient,
  TrackSource,
  WebhookReceiver,
} from 'livekit-server-sdk';
import type { Meeting } from '@parley/db';
import {
  ATTR_ROLE,
  MODERATION_TOPIC,
  encodeModerationMessage,
  type ModerationMessage,
  type ParticipantRole,
} from '@parley/protocol';
import { config } from '../config.ts';
import {
  createLiveKitApis,
  epochMs,
  isAgentParticipant,
  planAgentDispatch,
  redispatchIfAgentLost,
  type DispatchPlan,
  type LiveKitApis,
} from './dispatch.ts';
import { createCache, invalidate, PLAN_CACHE_MAX_MS, tag } from '../cache/index.ts';
import { getRedis } from '../redis.ts';
import { reportError } from '../http/report.ts';
import { RedisKeyedLock } from './lock.ts';
import { isPauseRemembered, pauseAttributes } from '../transcription/pause.ts';
import { agentRoomConfig, createJoinToken } from './token.ts';

let apis: LiveKitApis | undefined;
let rooms: RoomServiceClient | undefined;
let dispatchLock: RedisKeyedLock | undefined;

/** Dispatch decisions are made one at a time per room across all web replicas. */
function roomLock(): RedisKeyedLock {
  dispatchLock ??= new RedisKeyedLock(getRedis, `${config().rateLimitPrefix}:dispatch`);
  return dispatchLock;
}
let receiver: WebhookReceiver | undefined;

function liveKitApis(): LiveKitApis {
  const c = config();
  apis ??= createLiveKitApis({
    httpUrl: c.livekitHttpUrl,
    apiKey: c.livekitApiKey,
    apiSecret: c.livekitApiSecret,
  });
  return apis;
}

/** The server-side room API (mute, remove, delete, list). */
export function roomService(): RoomServiceClient {
  const c = config();
  rooms ??= new RoomServiceClient(c.livekitHttpUrl, c.livekitApiKey, c.livekitApiSecret);
  return rooms;
}

/** The agent participants in a room, with when each joined (epoch ms). */
export async function agentParticipants(
  roomName: string,
): Promise<{ identity: string; joinedAtMs: number }[]> {
  const list = await roomService().listParticipants(roomName);
  return list
    .filter(isAgentParticipant)
    .map((p) => ({ identity: p.identity, joinedAtMs: epochMs(p.joinedAtMs || p.joinedAt) }));
}

/** The webhook verifier for the configured API key. */
export function webhookReceiver(): WebhookReceiver {
  const c = config();
  receiver ??= new WebhookReceiver(c.livekitApiKey, c.livekitApiSecret);
  return receiver;
}

/**
 * Dispatch plans are cached per room for a moment so a burst of joins costs LiveKit one lookup:
 * "room does not exist yet" for 2 s (a token with a room config is harmless if the room appeared
 * meanwhile: the config only acts when a join creates the room), "agent dispatched" for 10 s.
 * Ending, deleting or finishing a room and switching its AI evict it in every web process.
 */
const planCache = createCache<DispatchPlan>({ maxEntries: 10_000 });

async function cachedPlan(
  meeting: Pick<Meeting, 'id' | 'room_name' | 'started_at'>,
): Promise<DispatchPlan> {
  // No room_started ever came for this meeting, so its room almost surely does not exist: the
  // token carries the room config at once (the join that creates the room brings the agent) and
  // the usual lookup runs behind the answer, not in front of it (it was most of a first join's
  // wait). If the room exists after all (created through the API, or its webhook late or lost),
  // LiveKit ignores the config, and that lookup dispatches the agent explicitly.
  if (meeting.started_at === null) {
    void lookedUpPlan(meeting).catch((err: unknown) =>
      reportError(err, { method: 'DISPATCH', path: `/meetings/${meeting.id}/token` }),
    );
    return { kind: 'room_config' };
  }
  return lookedUpPlan(meeting);
}

async function lookedUpPlan(meeting: Pick<Meeting, 'id' | 'room_name'>): Promise<DispatchPlan> {
  const hit = planCache.get(meeting.room_name);
  if (hit) return hit;
  const ticket = planCache.ticket();
  const plan = await planAgentDispatch(
    liveKitApis(),
    { roomName: meeting.room_name, agentName: config().agentName, meetingId: meeting.id },
    roomLock(),
  );
  planCache.set(
    ticket,
    meeting.room_name,
    plan.kind === 'explicit' ? { kind: 'explicit', created: false } : plan,
    [tag.room(meeting.room_name)],
    plan.kind === 'room_config' ? 2_000 : PLAN_CACHE_MAX_MS,
  );
  return plan;
}

/**
 * Called when the agent participant left a room (its worker crashed, or LiveKit dropped it) or a
 * person joined one without a token from us (a reconnect after the room's LiveKit node died
 * re-creates the room on another node): if people are there and no agent is there or on its
 * way, dispatch one; the new job resumes the transcript.
 */
export async function recoverAgent(meeting: Pick<Meeting, 'id' | 'room_name'>): Promise<boolean> {
  await forgetRoom(meeting.room_name);
  const r = await redispatchIfAgentLost(
    liveKitApis(),
    { roomName: meeting.room_name, agentName: config().agentName, meetingId: meeting.id },
    roomLock(),
  );
  return r === 'dispatched';
}

let dispatchClient: AgentDispatchClient | undefined;

/**
 * Applies a meeting's "AI" switch to its live room at once: off removes every agent participant
 * (and our agent's dispatch records, so a later switch-on dispatches afresh); on dispatches the
 * agent when people are in the room and it is not there. Idempotent; nothing to do without a room.
 * Returns the number of agents removed (off) or whether one was dispatched (on).
 */
export async function applyAiSwitch(
  meeting: Pick<Meeting, 'id' | 'room_name'>,
  enabled: boolean,
): Promise<{ removedAgents: number; dispatched: boolean }> {
  if (enabled) return { removedAgents: 0, dispatched: await recoverAgent(meeting) };
  await forgetRoom(meeting.room_name);
  let participants;
  try {
    participants = await roomService().listParticipants(meeting.room_name);
  } catch (err) {
    if (isNotFound(err)) return { removedAgents: 0, dispatched: false };
    throw err;
  }
  const c = config();
  dispatchClient ??= new AgentDispatchClient(c.livekitHttpUrl, c.livekitApiKey, c.livekitApiSecret);
  const dispatches = await dispatchClient.listDispatch(meeting.room_name).catch(() => []);
  for (const d of dispatches) {
    if (d.agentName !== c.agentName) continue;
    await dispatchClient.deleteDispatch(d.id, meeting.room_name).catch(() => undefined);
  }
  let removedAgents = 0;
  for (const p of participants) {
    if (!isAgentParticipant(p)) continue;
    try {
      await roomService().removeParticipant(meeting.room_name, p.identity);
      removedAgents += 1;
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
  }
  return { removedAgents, dispatched: false };
}

/** Forgets what every web process knows about a room (after it ended, finished or changed). */
export function forgetRoom(roomName: string): Promise<void> {
  return invalidate(tag.room(roomName));
}

function isNotFound(err: unknown): boolean {
  const e = err as { status?: number; code?: string } | null;
  return e?.status === 404 || e?.code === 'not_found';
}

/** Who a token is for. */
export interface JoinIdentity {
  identity: string;
  name: string;
  guest: boolean;
}

function role(who: JoinIdentity): ParticipantRole {
  return who.guest ? 'guest' : 'member';
}

/**
 * Issues a join token and makes sure the agent will be in the room. A token request is a (re)join:
 * when the room exists, any participant already connected with the same identity is removed first.
 */
export async function issueMeetingToken(
  who: JoinIdentity,
  meeting: Pick<Meeting, 'id' | 'room_name' | 'ai_enabled' | 'started_at'>,
): Promise<{ token: string; url: string; identity: string; expiresInSeconds: number }> {
  const c = config();
  // A "no AI" meeting never gets the agent; the room config is left off too. A pause of
  // transcription the participant chose earlier (Redis) rides on the token, so it holds from the
  // first moment of the join; Redis down: no attribute (logged), the join goes ahead.
  const [plan, paused] = await Promise.all([
    meeting.ai_enabled === false
      ? Promise.resolve<DispatchPlan>({ kind: 'explicit', created: false })
      : cachedPlan(meeting),
    isPauseRemembered(getRedis(), c.rateLimitPrefix, meeting.id, who.identity),
  ]);
  if (plan.kind === 'explicit') {
    await roomService()
      .removeParticipant(meeting.room_name, who.identity)
      .catch((err: unknown) => {
        if (!isNotFound(err)) throw err;
      });
  }
  const ttl = who.guest ? Math.min(c.guestTokenTtlSeconds, c.tokenTtlSeconds) : c.tokenTtlSeconds;
  const token = createJoinToken({
    apiKey: c.livekitApiKey,
    apiSecret: c.livekitApiSecret,
    identity: who.identity,
    name: who.name,
    roomName: meeting.room_name,
    ttlSeconds: ttl,
    roomConfig: plan.kind === 'room_config' ? agentRoomConfig(c.agentName, meeting.id) : undefined,
    guest: who.guest,
    attributes: { [ATTR_ROLE]: role(who), ...pauseAttributes(paused) },
  });
  return { token, url: c.livekitPublicUrl, identity: who.identity, expiresInSeconds: ttl };
}

async function notify(
  roomName: string,
  identity: string,
  notice: ModerationMessage,
): Promise<void> {
  await roomService().sendData(
    roomName,
    encodeModerationMessage(notice),
    DataPacket_Kind.RELIABLE,
    { destinationIdentities: [identity], topic: MODERATION_TOPIC },
  );
}

/**
 * Mutes the participant's microphone (server-side) and tells them why. False when the participant
 * is not in the room or has no microphone track.
 */
export async function forceMute(
  roomName: string,
  identity: string,
  reason: string,
): Promise<boolean> {
  let info;
  try {
    info = await roomService().getParticipant(roomName, identity);
  } catch (err) {
    if (isNotFound(err)) return false;
    throw err;
  }
  const mics = info.tracks.filter((t) => t.source === TrackSource.MICROPHONE);
  if (mics.length === 0) return false;
  for (const t of mics) await roomService().mutePublishedTrack(roomName, identity, t.sid, true);
  await notify(roomName, identity, { type: 'muted', reason });
  return true;
}

/**
 * Sets attributes of a participant in the room (an empty value removes one): participants
 * cannot set attributes themselves. False when the room or the participant is not there.
 */
export async function setParticipantAttributes(
  roomName: string,
  identity: string,
  attributes: Record<string, string>,
): Promise<boolean> {
  try {
    await roomService().updateParticipant(roomName, identity, { attributes });
    return true;
  } catch (err) {
    if (isNotFound(err)) return false;
    throw err;
  }
}

/** Tells the participant why, then removes them from the room. False when not in the room. */
export async function removeFromRoom(
  roomName: string,
  identity: string,
  reason: string,
): Promise<boolean> {
  try {
    await roomService().getParticipant(roomName, identity);
  } catch (err) {
    if (isNotFound(err)) return false;
    throw err;
  }
  await notify(roomName, identity, { type: 'removed', reason }).catch(() => undefined);
  // Give the reliable data message a moment to reach the client before it is disconnected.
  await new Promise((r) => setTimeout(r, 150));
  try {
    await roomService().removeParticipant(roomName, identity);
  } catch (err) {
    if (isNotFound(err)) return false;
    throw err;
  }
  return true;
}

/** Deletes the LiveKit room (everyone is disconnected); fine when it does not exist. */
export async function closeRoom(roomName: string): Promise<void> {
  try {
    await roomService().deleteRoom(roomName);
  } catch (err) {
    if (!isNotFound(err)) throw err;
  }
  await forgetRoom(roomName);
}

/**
 * Takes `identity` out of whichever of `roomNames` exist (one room listing, then the removals in
 * parallel), telling them why. Returns how many rooms they were removed from.
 */
export async function removeFromLiveRooms(
  roomNames: readonly string[],
  identity: string,
  reason: string,
): Promise<number> {
  if (roomNames.length === 0) return 0;
  const live = await roomService().listRooms([...roomNames]);
  const removed = await Promise.all(live.map((r) => removeFromRoom(r.name, identity, reason)));
  return removed.filter(Boolean).length;
}

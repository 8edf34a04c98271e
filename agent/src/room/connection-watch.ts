import { RoomEvent } from '@livekit/rtc-node';

/** How long the agent waits for a lost connection to resume before handing its meeting over. */
export const RESUME_GRACE_MS = 4_000;

type Watched = RoomEvent.Reconnecting | RoomEvent.Reconnected | RoomEvent.ParticipantDisconnected;

/** The part of a Room the watch needs (a fake in tests). */
export interface ConnectionEvents {
  on(event: Watched, listener: () => void): unknown;
  off(event: Watched, listener: () => void): unknown;
}

export type HandOverReason = 'connection lost' | 'session restarted';

/**
 * Calls `handOver` once when the room's connection is lost and does not resume within `graceMs`,
 * or comes back as a new session.
 *
 * A signalling hiccup resumes within a second or two and changes nothing. When the LiveKit node
 * that hosts the room dies, the room is re-created on another node as people reconnect, and the
 * SDK's full reconnect (the other participants drop out of its view and come back) leaves the
 * agent in the new room without its tracks: it would sit there deaf, beating its heartbeat.
 * Handing over instead (the job ends, its finals flushed and its heartbeat gone) lets a fresh
 * agent be dispatched into the re-created room. Returns a function that stops watching.
 */
export function watchConnection(
  room: ConnectionEvents,
  handOver: (reason: HandOverReason) => void,
  graceMs = RESUME_GRACE_MS,
): () => void {
  let timer: NodeJS.Timeout | null = null;
  let reconnecting = false;
  let restarted = false;
  let done = false;
  const fire = (reason: HandOverReason) => {
    if (done) return;
    done = true;
    handOver(reason);
  };
  const onReconnecting = () => {
    reconnecting = true;
    timer ??= setTimeout(() => fire('connection lost'), graceMs);
  };
  const onParticipantGone = () => {
    // A resume keeps the other participants; a full reconnect rebuilds the room from scratch.
    if (reconnecting) restarted = true;
  };
  const clear = () => {
    if (timer) clearTimeout(timer);
    timer = null;
    reconnecting = false;
  };
  const onReconnected = () => {
    clear();
    if (restarted) fire('session restarted');
  };
  room.on(RoomEvent.Reconnecting, onReconnecting);
  room.on(RoomEvent.ParticipantDisconnected, onParticipantGone);
  room.on(RoomEvent.Reconnected, onReconnected);
  return () => {
    clear();
    room.off(RoomEvent.Reconnecting, onReconnecting);
    room.off(RoomEvent.ParticipantDisconnected, onParticipantGone);
    room.off(RoomEvent.Reconnected, onReconnected);
  };
}

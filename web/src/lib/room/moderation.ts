/**
 * Tells a participant why the host acted on them. The server mutes or removes people through
 * LiveKit's server API (clients are never trusted to enforce it) and, just before, sends the
 * target a reliable data message on the `parley.moderation` topic: `{type, reason}`.
 *
 * Use from the room page:
 *   const detach = attachModeration(room, (notice) => (banner = notice.message));
 */
import { DisconnectReason, RoomEvent, type Room } from 'livekit-client';

/** Topic of the server's moderation data messages (see `#lib/server/livekit/service.ts`). */
export const MODERATION_TOPIC = 'parley.moderation';

export interface ModerationNotice {
  type: 'muted' | 'removed' | 'ended';
  /** Text to show the participant. */
  message: string;
}

/** Parses a moderation data message; null when it is not one. */
export function parseModerationMessage(
  payload: Uint8Array,
  topic: string | undefined,
): ModerationNotice | null {
  if (topic !== MODERATION_TOPIC) return null;
  try {
    const data = JSON.parse(new TextDecoder().decode(payload)) as {
      type?: unknown;
      reason?: unknown;
    };
    if (data.type !== 'muted' && data.type !== 'removed') return null;
    const fallback =
      data.type === 'muted'
        ? 'The host muted your microphone.'
        : 'The host removed you from the meeting.';
    const reason = typeof data.reason === 'string' && data.reason.trim() ? data.reason : fallback;
    return { type: data.type, message: reason.slice(0, 200) };
  } catch {
    return null;
  }
}

/** A notice for a disconnect the server caused (when the data message did not arrive first). */
export function noticeForDisconnect(reason: DisconnectReason | undefined): ModerationNotice | null {
  switch (reason) {
    case DisconnectReason.PARTICIPANT_REMOVED:
      return { type: 'removed', message: 'The host removed you from the meeting.' };
    case DisconnectReason.ROOM_DELETED:
      return { type: 'ended', message: 'The host ended the meeting.' };
    case DisconnectReason.DUPLICATE_IDENTITY:
      return { type: 'removed', message: 'You joined this meeting from another window.' };
    default:
      return null;
  }
}

/**
 * Calls `onNotice` when the server mutes or removes this participant (or ends the meeting).
 * Returns a function that detaches the listeners.
 */
export function attachModeration(room: Room, onNotice: (n: ModerationNotice) => void): () => void {
  let removedNotified = false;
  const onData = (payload: Uint8Array, _p: unknown, _k: unknown, topic?: string) => {
    const n = parseModerationMessage(payload, topic);
    if (!n) return;
    if (n.type === 'removed') removedNotified = true;
    onNotice(n);
  };
  const onDisconnected = (reason?: DisconnectReason) => {
    const n = noticeForDisconnect(reason);
    if (n && !(n.type === 'removed' && removedNotified)) onNotice(n);
  };
  room.on(RoomEvent.DataReceived, onData);
  room.on(RoomEvent.Disconnected, onDisconnected);
  return () => {
    room.off(RoomEvent.DataReceived, onData);
    room.off(RoomEvent.Disconnected, onDisconnected);
  };
}

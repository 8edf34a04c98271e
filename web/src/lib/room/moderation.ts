/**
 * Tells a participant why the host acted on them: the server's moderation message (see
 * `@parley/protocol`'s moderation.ts), or the reason LiveKit gives for a disconnect.
 *
 * Use from the room page:
 *   const detach = attachModeration(room, (notice) => (banner = notice.message));
 */
import { parseModerationMessage, type ModerationNotice } from '@parley/protocol';
import { DisconnectReason, RoomEvent, type Room } from 'livekit-client';

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

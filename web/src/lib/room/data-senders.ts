import { ParticipantKind, RoomEvent, type RemoteParticipant, type Room } from 'livekit-client';

/** A data packet with its sender resolved. */
export type SenderDataHandler = (
  payload: Uint8Array,
  participant: RemoteParticipant | undefined,
  topic: string | undefined,
) => void;

export interface HoldOptions {
  /** How long a packet from a participant this browser does not know yet is kept. */
  holdMs: number;
  /** Most packets kept per unknown sender (older ones go first). */
  maxPerSender: number;
}

export const defaultHoldOptions: HoldOptions = { holdMs: 10_000, maxPerSender: 20 };

type RoomEvents = Pick<Room, 'on' | 'off'>;

interface Held {
  at: number;
  payload: Uint8Array;
  topic: string | undefined;
}

/**
 * Calls `handler` for the room's data packets with their sender. Data and signalling travel on
 * different paths: a participant's first packets (the agent's checklist, sent the moment it
 * joins) can arrive before this browser has heard that the participant joined, when LiveKit
 * hands them over with no participant, only the sender's identity (which the server stamps, so
 * it can be trusted). Such packets are held, by identity, until that participant is known, then
 * delivered in order; after `holdMs` they are dropped. Returns a function that detaches.
 */
export function onSenderData(
  room: RoomEvents,
  handler: SenderDataHandler,
  options: Partial<HoldOptions> = {},
): () => void {
  const o = { ...defaultHoldOptions, ...options };
  // Not reactive state: a private queue.
  const held = new Map<string, Held[]>();
  const onData = (
    payload: Uint8Array,
    participant?: RemoteParticipant,
    _kind?: unknown,
    topic?: string,
    _encryption?: unknown,
    senderIdentity?: string,
  ) => {
    if (participant || !senderIdentity) {
      handler(payload, participant, topic);
      return;
    }
    const now = Date.now();
    const queue = (held.get(senderIdentity) ?? []).filter((h) => now - h.at < o.holdMs);
    queue.push({ at: now, payload, topic });
    held.set(senderIdentity, queue.slice(-o.maxPerSender));
  };
  const onConnected = (p: RemoteParticipant) => {
    const queue = held.get(p.identity);
    if (!queue) return;
    held.delete(p.identity);
    const now = Date.now();
    for (const h of queue) if (now - h.at < o.holdMs) handler(h.payload, p, h.topic);
  };
  room.on(RoomEvent.DataReceived, onData);
  room.on(RoomEvent.ParticipantConnected, onConnected);
  return () => {
    room.off(RoomEvent.DataReceived, onData);
    room.off(RoomEvent.ParticipantConnected, onConnected);
    held.clear();
  };
}

/**
 * Sends a packet to the agents in the room alone (nobody else needs to see it), reliably; throws
 * when no agent is there.
 */
export async function sendToAgents(
  room: Pick<Room, 'remoteParticipants' | 'localParticipant'>,
  topic: string,
  packet: Uint8Array<ArrayBuffer>,
): Promise<void> {
  const agents = [...room.remoteParticipants.values()]
    .filter((p) => p.kind === ParticipantKind.AGENT)
    .map((p) => p.identity);
  if (agents.length === 0) throw new Error('no agent in the room');
  await room.localParticipant.publishData(packet, {
    topic,
    reliable: true,
    destinationIdentities: agents,
  });
}

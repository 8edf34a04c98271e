import { ParticipantKind, Room, RoomEvent } from '@livekit/rtc-node';
import { AccessToken } from 'livekit-server-sdk';
import type { LiveKitConfig } from '../config.ts';
import { TOPIC_TRANSCRIPTION } from '../room/index.ts';

export interface ReceivedFinal {
  identity: string;
  text: string;
  segmentId: string;
  receivedAt: number;
}

export interface RoomListener {
  finals: ReceivedFinal[];
  interims: number;
  waitForAgent: (timeoutMs: number) => Promise<void>;
  /** Whether an agent joined the room after the given time (epoch ms). */
  agentJoinsAfter: (t: number) => boolean;
  /** When the first agent joined after the given time (epoch ms), if one did. */
  firstAgentJoinAfter: (t: number) => number | undefined;
  close: () => Promise<void>;
}

/** Joins a room as a silent subscriber and records every transcription it receives. */
export async function simulateRoomListener(
  lk: LiveKitConfig,
  roomName: string,
): Promise<RoomListener> {
  const at = new AccessToken(lk.apiKey, lk.apiSecret, {
    identity: `listener-${Date.now()}`,
    ttl: 600,
  });
  at.addGrant({ room: roomName, roomJoin: true, canSubscribe: true, canPublish: false });
  const room = new Room();
  const agentJoins: number[] = [];
  room.on(RoomEvent.ParticipantConnected, (p) => {
    if (p.kind === ParticipantKind.AGENT) agentJoins.push(Date.now());
  });
  const l: RoomListener = {
    agentJoinsAfter: (t) => agentJoins.some((x) => x > t),
    firstAgentJoinAfter: (t) => agentJoins.find((x) => x > t),
    finals: [],
    interims: 0,
    waitForAgent: async (timeoutMs) => {
      const has = () =>
        [...room.remoteParticipants.values()].some((p) => p.kind === ParticipantKind.AGENT);
      if (has()) return;
      await new Promise<void>((resolve, reject) => {
        const t = setTimeout(() => reject(new Error('the agent did not join the room')), timeoutMs);
        const on = () => {
          if (!has()) return;
          clearTimeout(t);
          room.off(RoomEvent.ParticipantConnected, on);
          resolve();
        };
        room.on(RoomEvent.ParticipantConnected, on);
      });
    },
    /** Leaves the room (the process's LiveKit FFI stays up for other rooms). */
    close: async () => {
      await room.disconnect();
    },
  };
  room.registerTextStreamHandler(TOPIC_TRANSCRIPTION, (reader, info) => {
    void reader.readAll().then((text) => {
      const attrs = reader.info.attributes ?? {};
      if (attrs['lk.transcription_final'] !== 'true') {
        l.interims++;
        return;
      }
      l.finals.push({
        identity: info.identity,
        text,
        segmentId: attrs['lk.segment_id'] ?? '',
        receivedAt: Date.now(),
      });
    });
  });
  await room.connect(lk.url, await at.toJwt(), { autoSubscribe: false, dynacast: false });
  return l;
}

import { ParticipantKind, Room, RoomEvent } from '@livekit/rtc-node';
import {
  ATTR_FINAL,
  ATTR_ROLE,
  ATTR_SEGMENT_ID,
  ATTR_SPEAKER_KEY,
  TOPIC_TRANSCRIPTION,
} from '@parley/protocol';
import { AccessToken } from 'livekit-server-sdk';
import type { LiveKitConfig } from '../config.ts';

export interface ReceivedFinal {
  identity: string;
  text: string;
  segmentId: string;
  receivedAt: number;
  /** A room-mic final's voice (`parley.speaker_key`), if any. */
  speakerKey?: string;
}

/** One non-final transcription update (the text so far of segment `segmentId`). */
export type ReceivedInterim = ReceivedFinal;

export interface ReceivedData {
  topic: string;
  /** The payload parsed as JSON (null when it was not JSON). */
  json: unknown;
  from: string | undefined;
  receivedAt: number;
}

export interface RoomListener {
  /** The listener's own identity. */
  identity: string;
  finals: ReceivedFinal[];
  /** Data packets received (suggestions, checklist…). */
  data: ReceivedData[];
  /** Sends a reliable data packet to the room. */
  publish: (topic: string, payload: unknown) => Promise<void>;
  interims: number;
  /** Every interim update, in the order received. */
  interimUpdates: ReceivedInterim[];
  waitForAgent: (timeoutMs: number) => Promise<void>;
  /** Whether an agent joined the room after the given time (epoch ms). */
  agentJoinsAfter: (t: number) => boolean;
  /** When the first agent joined after the given time (epoch ms), if one did. */
  firstAgentJoinAfter: (t: number) => number | undefined;
  /** Identities of the agents in the room now, as this member sees it. */
  agentsPresent: () => string[];
  /** An attribute of the (first) agent in the room now, as this member sees it. */
  agentAttribute: (key: string) => string | undefined;
  close: () => Promise<void>;
}

/** Joins a room as a silent subscriber and records every transcription it receives. */
export async function simulateRoomListener(
  lk: LiveKitConfig,
  roomName: string,
  opts: {
    identity?: string;
    /** The listener's display name (none by default). */
    name?: string;
    attributes?: Record<string, string>;
    /** Called as each final arrives (before any later message is handled). */
    onFinal?: (f: ReceivedFinal) => void;
  } = {},
): Promise<RoomListener> {
  const identity = opts.identity ?? `listener-${Date.now()}`;
  const at = new AccessToken(lk.apiKey, lk.apiSecret, {
    identity,
    ...(opts.name ? { name: opts.name } : {}),
    ttl: 600,
    attributes: opts.attributes ?? { [ATTR_ROLE]: 'member' },
  });
  at.addGrant({
    room: roomName,
    roomJoin: true,
    canSubscribe: true,
    canPublish: false,
    canPublishData: true,
  });
  const room = new Room();
  const agentJoins: number[] = [];
  room.on(RoomEvent.ParticipantConnected, (p) => {
    if (p.kind === ParticipantKind.AGENT) agentJoins.push(Date.now());
  });
  const l: RoomListener = {
    identity,
    data: [],
    publish: async (topic, payload) => {
      const bytes =
        typeof payload === 'string'
          ? new TextEncoder().encode(payload)
          : new TextEncoder().encode(JSON.stringify(payload));
      await room.localParticipant?.publishData(bytes, { reliable: true, topic });
    },
    agentJoinsAfter: (t) => agentJoins.some((x) => x > t),
    firstAgentJoinAfter: (t) => agentJoins.find((x) => x > t),
    agentsPresent: () =>
      [...room.remoteParticipants.values()]
        .filter((p) => p.kind === ParticipantKind.AGENT)
        .map((p) => p.identity),
    agentAttribute: (key) =>
      [...room.remoteParticipants.values()].find((p) => p.kind === ParticipantKind.AGENT)
        ?.attributes[key],
    finals: [],
    interims: 0,
    interimUpdates: [],
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
  room.on(RoomEvent.DataReceived, (payload, participant, _kind, topic) => {
    let json: unknown = null;
    try {
      json = JSON.parse(new TextDecoder().decode(payload));
    } catch {
      // not JSON
    }
    l.data.push({ topic: topic ?? '', json, from: participant?.identity, receivedAt: Date.now() });
  });
  room.registerTextStreamHandler(TOPIC_TRANSCRIPTION, (reader, info) => {
    const reading = reader.readAll().then((text) => {
      const attrs = reader.info.attributes ?? {};
      const received: ReceivedFinal = {
        identity: info.identity,
        text,
        segmentId: attrs[ATTR_SEGMENT_ID] ?? '',
        receivedAt: Date.now(),
        ...(attrs[ATTR_SPEAKER_KEY] ? { speakerKey: attrs[ATTR_SPEAKER_KEY] } : {}),
      };
      if (attrs[ATTR_FINAL] !== 'true') {
        l.interims++;
        l.interimUpdates.push(received);
        return;
      }
      l.finals.push(received);
      opts.onFinal?.(received);
    });
    // A stream cut off by its sender's disconnect (a LiveKit node or agent killed mid-line)
    // rejects; the line is simply not received (what the tests count), never a crash.
    reading.catch(() => undefined);
  });
  await room.connect(lk.url, await at.toJwt(), { autoSubscribe: false, dynacast: false });
  return l;
}

import { dispatchMetadata } from '@parley/protocol';
import {
  AccessToken,
  RoomAgentDispatch,
  RoomConfiguration,
  TrackSource,
  type VideoGrant,
} from 'livekit-server-sdk';

/** The only grants a meeting participant gets (least privilege). */
export function participantGrant(roomName: string): VideoGrant {
  return {
    room: roomName,
    roomJoin: true,
    canPublish: true,
    canSubscribe: true,
    canPublishData: true,
    canUpdateOwnMetadata: false,
  };
}

/**
 * A guest's grants: microphone only, subscribe, data (chat). No admin, no recording, no metadata
 * changes, no screen share or camera.
 */
export function guestGrant(roomName: string): VideoGrant {
  return {
    room: roomName,
    roomJoin: true,
    canPublish: true,
    canPublishSources: [TrackSource.MICROPHONE],
    canSubscribe: true,
    canPublishData: true,
    canUpdateOwnMetadata: false,
    roomAdmin: false,
    roomRecord: false,
    recorder: false,
  };
}

/** Room configuration that dispatches the agent when this token's join creates the room. */
export function agentRoomConfig(agentName: string, meetingId: string): RoomConfiguration {
  return new RoomConfiguration({
    agents: [new RoomAgentDispatch({ agentName, metadata: dispatchMetadata(meetingId) })],
  });
}

/** Signs a join token for one user and one room. */
export async function createJoinToken(opts: {
  apiKey: string;
  apiSecret: string;
  identity: string;
  name: string;
  roomName: string;
  ttlSeconds: number;
  roomConfig?: RoomConfiguration | undefined;
  /** Guest grants instead of member grants. */
  guest?: boolean;
  /** Participant attributes (e.g. `parley.role`). */
  attributes?: Record<string, string>;
}): Promise<string> {
  const at = new AccessToken(opts.apiKey, opts.apiSecret, {
    identity: opts.identity,
    name: opts.name,
    ttl: opts.ttlSeconds,
  });
  at.addGrant(opts.guest ? guestGrant(opts.roomName) : participantGrant(opts.roomName));
  if (opts.attributes) at.attributes = opts.attributes;
  if (opts.roomConfig) at.roomConfig = opts.roomConfig;
  return at.toJwt();
}

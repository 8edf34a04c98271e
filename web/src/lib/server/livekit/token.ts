import { createHmac, createSecretKey, type KeyObject } from 'node:crypto';
import { dispatchMetadata } from '@parley/protocol';
import {
  claimsToJwtPayload,
  RoomAgentDispatch,
  RoomConfiguration,
  TrackSource,
  type ClaimGrants,
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

/**
 * A room configuration as a token carries it: LiveKit's `RoomConfiguration` message in the JSON
 * the SDK signs (`toJSON`, every field with its default written out).
 */
export type TokenRoomConfig = Readonly<Record<string, unknown>>;

/** The defaults of the messages, written once: a token's config is these plus its own fields. */
let defaults: { room: TokenRoomConfig; agent: TokenRoomConfig } | undefined;

/** Room configuration that dispatches the agent when this token's join creates the room. */
export function agentRoomConfig(agentName: string, meetingId: string): TokenRoomConfig {
  defaults ??= {
    room: new RoomConfiguration().toJson({ emitDefaultValues: true }) as TokenRoomConfig,
    agent: new RoomAgentDispatch().toJson({ emitDefaultValues: true }) as TokenRoomConfig,
  };
  const agent = { ...defaults.agent, agentName, metadata: dispatchMetadata(meetingId) };
  return { ...defaults.room, agents: [agent] };
}

/** The JWT header of every token (HS256, as the SDK's `AccessToken` writes it). */
const HEADER = Buffer.from(JSON.stringify({ alg: 'HS256' })).toString('base64url');

/** The HMAC key of the last API secret used, made once (not once per token). */
let signing: { secret: string; key: KeyObject } | undefined;

function signingKey(secret: string): KeyObject {
  if (signing?.secret !== secret) signing = { secret, key: createSecretKey(secret, 'utf8') };
  return signing.key;
}

/**
 * Signs a join token for one user and one room: the claims the SDK's `AccessToken.toJwt` writes
 * (grants, `iss` the API key, `sub` the identity, `nbf` now, `exp` after `ttlSeconds`), signed
 * HS256 with a key made once per secret (the SDK's path builds the key and a JWT object per
 * token, a visible share of a cold token request's CPU). The unit tests compare it with the SDK.
 */
export function createJoinToken(opts: {
  apiKey: string;
  apiSecret: string;
  identity: string;
  name: string;
  roomName: string;
  ttlSeconds: number;
  roomConfig?: TokenRoomConfig | undefined;
  /** Guest grants instead of member grants. */
  guest?: boolean;
  /** Participant attributes (e.g. `parley.role`). */
  attributes?: Record<string, string>;
}): string {
  if (!opts.identity) throw new Error('a join token needs an identity');
  const grants: ClaimGrants = {
    name: opts.name,
    video: opts.guest ? guestGrant(opts.roomName) : participantGrant(opts.roomName),
  };
  if (opts.attributes) grants.attributes = opts.attributes;
  const now = Math.floor(Date.now() / 1000);
  const claims = {
    ...claimsToJwtPayload(grants),
    ...(opts.roomConfig && { roomConfig: opts.roomConfig }),
    iss: opts.apiKey,
    sub: opts.identity,
    nbf: now,
    exp: now + opts.ttlSeconds,
  };
  const signed = `${HEADER}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}`;
  const signature = createHmac('sha256', signingKey(opts.apiSecret))
    .update(signed)
    .digest('base64url');
  return `${signed}.${signature}`;
}

import { randomUUID } from 'node:crypto';
import {
  activeRecording,
  insertRecording,
  recordingObjectKey,
  type Db,
  type Meeting,
  type Recording,
} from '@parley/db';
import type { Redis } from 'ioredis';
import { EgressClient, EncodedFileOutput, EncodedFileType, S3Upload } from 'livekit-server-sdk';
import { config } from '../config.ts';
import { log } from '../ops/log.ts';
import { withTimeout } from '../timeout.ts';

/** How long the egress id of a meeting is kept in Redis (a meeting longer than this is rare). */
export const EGRESS_KEY_TTL_SECONDS = 12 * 3600;
/** Longest wait for LiveKit to accept an egress (it answers at once when none is connected). */
const START_TIMEOUT_MS = 5_000;

let client: EgressClient | undefined;

function egressClient(): EgressClient {
  const c = config();
  client ??= new EgressClient(c.livekitHttpUrl, c.livekitApiKey, c.livekitApiSecret);
  return client;
}

/** Redis key holding the running egress id of a meeting. */
export function egressKey(prefix: string, meetingId: string): string {
  return `${prefix}:egress:${meetingId}`;
}

/** The parts of the LiveKit egress API this module uses (tests pass a fake). */
export interface EgressApi {
  startAudioOnly(roomName: string, objectKey: string): Promise<{ egressId: string }>;
  stop(egressId: string): Promise<void>;
}

export function liveKitEgressApi(): EgressApi {
  return {
    startAudioOnly: async (roomName, objectKey) => {
      const s3 = config().s3;
      if (!s3) throw new Error('no object store configured');
      const endpoint = `${s3.useSSL ? 'https' : 'http'}://${s3.endPoint}${s3.port ? `:${s3.port}` : ''}`;
      const output = new EncodedFileOutput({
        fileType: EncodedFileType.OGG,
        filepath: objectKey,
        output: {
          case: 's3',
          value: new S3Upload({
            accessKey: s3.accessKey,
            secret: s3.secretKey,
            bucket: s3.bucket,
            region: s3.region,
            endpoint,
            forcePathStyle: true,
          }),
        },
      });
      const info = await withTimeout(
        egressClient().startRoomCompositeEgress(roomName, output, { audioOnly: true }),
        START_TIMEOUT_MS,
        'egress start',
      );
      return { egressId: info.egressId };
    },
    stop: async (egressId) => {
      await egressClient().stopEgress(egressId);
    },
  };
}

export type EgressStartOutcome =
  | { kind: 'started'; recording: Recording }
  | { kind: 'already'; recording: Recording }
  | { kind: 'skipped'; reason: 'mode' | 'not_allowed' | 'no_store' }
  /** LiveKit could not start it (no egress service): the agent records instead. */
  | { kind: 'unavailable' };

/**
 * Starts an audio-only Room Composite Egress for a live meeting when RECORDING_MODE is `egress`
 * and the host allows recording: a `recordings` row (mode egress) and the egress id in Redis
 * with a TTL. When LiveKit refuses (no egress service), nothing is stored: the agent, seeing no
 * egress recording, records the meeting itself.
 */
export async function startMeetingEgress(
  db: Db,
  redis: Redis,
  meeting: Pick<Meeting, 'id' | 'room_name' | 'recording_allowed'>,
  api: EgressApi = liveKitEgressApi(),
): Promise<EgressStartOutcome> {
  const c = config();
  if (c.recordingMode !== 'egress') return { kind: 'skipped', reason: 'mode' };
  if (!meeting.recording_allowed) return { kind: 'skipped', reason: 'not_allowed' };
  if (!c.s3) return { kind: 'skipped', reason: 'no_store' };
  const running = await activeRecording(db, meeting.id, 'egress');
  if (running) return { kind: 'already', recording: running };
  const id = randomUUID();
  const key = recordingObjectKey(meeting.id, id);
  let egressId: string;
  try {
    ({ egressId } = await api.startAudioOnly(meeting.room_name, key));
  } catch {
    log.warn({ meetingId: meeting.id }, 'egress unavailable; the agent records the meeting');
    return { kind: 'unavailable' };
  }
  const recording = await insertRecording(db, {
    id,
    meetingId: meeting.id,
    mode: 'egress',
    objectKey: key,
    egressId,
    contentType: 'audio/ogg',
  });
  await redis
    .set(egressKey(c.rateLimitPrefix, meeting.id), egressId, 'EX', EGRESS_KEY_TTL_SECONDS)
    .catch(() =>
      log.warn({ meetingId: meeting.id, egressId }, 'egress id not cached (Redis down)'),
    );
  log.info({ meetingId: meeting.id, egressId }, 'egress recording the meeting');
  return { kind: 'started', recording };
}

/**
 * Stops the meeting's egress (the last person left, the room finished, or the host switched
 * recording off). The id comes from Redis, else from the database. Its `egress_ended` webhook
 * completes the row. Returns whether one was asked to stop.
 */
export async function stopMeetingEgress(
  db: Db,
  redis: Redis,
  meetingId: string,
  api: EgressApi = liveKitEgressApi(),
): Promise<boolean> {
  const prefix = config().rateLimitPrefix;
  const fromRedis = await redis.get(egressKey(prefix, meetingId)).catch(() => null);
  const egressId = fromRedis ?? (await activeRecording(db, meetingId, 'egress'))?.egress_id;
  if (!egressId) return false;
  try {
    await api.stop(egressId);
  } catch {
    // Already ended (its webhook does the rest) or LiveKit unreachable (the egress ends with the
    // room anyway).
  }
  return true;
}

/** Forgets the Redis key of an ended egress (when it still names that egress). */
export async function clearEgressKey(
  redis: Redis,
  meetingId: string,
  egressId: string,
): Promise<void> {
  const key = egressKey(config().rateLimitPrefix, meetingId);
  const current = await redis.get(key);
  if (current === egressId) await redis.del(key);
}

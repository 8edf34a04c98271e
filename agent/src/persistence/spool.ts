import type { NewTranscriptSegment } from '@parley/db';
import { Redis } from 'ioredis';

/**
 * Where a final segment is kept from the moment it is recognised until Postgres has it, so a
 * segment shown in the room is never lost, even if this process dies while Postgres is down.
 */
export interface SegmentSpool {
  put(seg: NewTranscriptSegment): Promise<void>;
  remove(meetingId: string, segmentIds: string[]): Promise<void>;
  /** Segments of a meeting left by an earlier job (written by the caller, then removed). */
  pending(meetingId: string): Promise<NewTranscriptSegment[]>;
  close(): Promise<void>;
}

const key = (meetingId: string) => `parley:spool:${meetingId}`;
/** A spool outlives any agent restart but not forever. */
const TTL_S = 7 * 24 * 3600;

/** Spool in Redis (shared by every worker): one hash per meeting, field = segment id. */
export class RedisSpool implements SegmentSpool {
  readonly #redis: Redis;

  constructor(url: string) {
    this.#redis = new Redis(url, {
      maxRetriesPerRequest: 1,
      connectTimeout: 2_000,
      enableOfflineQueue: false,
      lazyConnect: false,
    });
    // Errors surface on the commands; a dropped connection reconnects by itself.
    this.#redis.on('error', () => {});
  }

  async put(seg: NewTranscriptSegment): Promise<void> {
    const k = key(seg.meeting_id);
    await this.#redis.multi().hset(k, seg.segment_id, JSON.stringify(seg)).expire(k, TTL_S).exec();
  }

  async remove(meetingId: string, segmentIds: string[]): Promise<void> {
    if (segmentIds.length > 0) await this.#redis.hdel(key(meetingId), ...segmentIds);
  }

  async pending(meetingId: string): Promise<NewTranscriptSegment[]> {
    const all = await this.#redis.hgetall(key(meetingId));
    return Object.values(all).map((v) => {
      const s = JSON.parse(v) as NewTranscriptSegment & { spoken_at: string };
      return { ...s, spoken_at: new Date(s.spoken_at) };
    });
  }

  async close(): Promise<void> {
    this.#redis.disconnect();
    return Promise.resolve();
  }
}

import { ATTR_TRANSCRIPTION, type TranscriptionState } from '@parley/protocol';
import type { Redis } from 'ioredis';
import { log, type Logger } from '../ops/log.ts';

/** How long a pause is remembered after it was last set (a meeting day). */
export const PAUSE_TTL_SECONDS = 24 * 3600;

/** The minimal Redis surface the pause store uses (tests pass a fake). */
export type PauseRedis = Pick<Redis, 'set' | 'del' | 'exists'>;

/** Redis key of one participant's pause in one meeting (ids only, never names). */
export function pauseKey(prefix: string, meetingId: string, identity: string): string {
  return `${prefix}:transcription-paused:${meetingId}:${identity}`;
}

/**
 * Remembers (or forgets) that `identity` paused transcription of themself in the meeting, so the
 * next join token carries the attribute and a reload never transcribes them. Throws when Redis is
 * unreachable (callers decide whether that matters).
 */
export async function rememberPause(
  redis: PauseRedis,
  prefix: string,
  meetingId: string,
  identity: string,
  paused: boolean,
): Promise<void> {
  const key = pauseKey(prefix, meetingId, identity);
  if (paused) await redis.set(key, '1', 'EX', PAUSE_TTL_SECONDS);
  else await redis.del(key);
}

/**
 * Whether `identity` has paused transcription of themself in the meeting. Never throws: when
 * Redis is down it logs (ids only) and answers false, so a join is never refused for it — the
 * room page's own memory (localStorage) re-applies the pause then.
 */
export async function isPauseRemembered(
  redis: PauseRedis,
  prefix: string,
  meetingId: string,
  identity: string,
  logger: Pick<Logger, 'warn'> = log,
): Promise<boolean> {
  try {
    return (await redis.exists(pauseKey(prefix, meetingId, identity))) > 0;
  } catch {
    logger.warn({ meetingId }, 'transcription pause unknown (Redis unavailable)');
    return false;
  }
}

/** The join-token attributes for a participant's transcription state (none when not paused). */
export function pauseAttributes(paused: boolean): Record<string, string> {
  return paused ? { [ATTR_TRANSCRIPTION]: 'paused' satisfies TranscriptionState } : {};
}

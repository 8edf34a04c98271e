/**
 * What the web server and the agent workers agree on outside the room: the metadata of an agent
 * dispatch, the Redis heartbeat a running agent job keeps fresh and the providers it can use.
 */
import { z } from 'zod';
import { STT_PROVIDERS } from './enums.ts';

/** Metadata the agent receives with its dispatch (every field optional: older dispatches). */
export const jobMetadataSchema = z.object({ meetingId: z.uuid() }).partial();
export type JobMetadata = z.output<typeof jobMetadataSchema>;

/** The metadata string of an agent dispatch for a meeting. */
export function dispatchMetadata(meetingId: string): string {
  return JSON.stringify({ meetingId } satisfies JobMetadata);
}

/**
 * Redis key an agent job refreshes while it runs in a room; the web app's watchdog reads it to
 * tell a live agent from a dead one.
 */
export function heartbeatKey(roomName: string): string {
  return `parley:agent:heartbeat:${roomName}`;
}

/**
 * Redis hash where agent workers say which speech-to-text providers they can use (those with
 * their API key on the server), a field per worker; the web app's team settings read it. Each
 * worker rewrites its field every minute; a field older than `STT_PROVIDERS_TTL_S` is a worker
 * that is gone.
 */
export const STT_PROVIDERS_KEY = 'parley:agent:stt-providers';
export const STT_PROVIDERS_TTL_S = 300;

const sttProvidersAdSchema = z.object({
  providers: z.array(z.enum(STT_PROVIDERS)),
  /** When it was written (epoch ms). */
  at: z.number(),
});
export type SttProvidersAd = z.output<typeof sttProvidersAdSchema>;

/** A worker's field of `STT_PROVIDERS_KEY` as written; null when it is not one. */
export function parseSttProvidersAd(raw: string): SttProvidersAd | null {
  try {
    const r = sttProvidersAdSchema.safeParse(JSON.parse(raw));
    return r.success ? r.data : null;
  } catch {
    return null;
  }
}

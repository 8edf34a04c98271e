/**
 * What the web server and the agent workers agree on outside the room: the metadata of an agent
 * dispatch and the Redis heartbeat a running agent job keeps fresh.
 */
import { z } from 'zod';

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

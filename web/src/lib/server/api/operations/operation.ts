/** One documented API operation, and the response shapes several share. */
import { apiMeetingSchema } from '@parley/protocol';
import { z } from 'zod';

export interface Operation {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  path: string;
  summary: string;
  auth: 'none' | 'user' | 'session' | 'user_or_guest' | 'livekit';
  body?: z.ZodType;
  query?: z.ZodObject;
  /** Success status and body schema (undefined: no body). */
  ok: [number, z.ZodType | undefined];
}

/** A page of items and the cursor of the next one. */
export const page = (item: z.ZodType) =>
  z.object({ items: z.array(item), nextCursor: z.string().nullable() });
export const list = (item: z.ZodType) => z.object({ items: z.array(item) });
export const meetingOut = z.object({ meeting: apiMeetingSchema });

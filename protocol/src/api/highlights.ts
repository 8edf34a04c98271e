/** Moments people mark during a meeting. */
import { z } from 'zod';

export const apiHighlightSchema = z.object({
  id: z.uuid(),
  /** ms from the meeting's start. */
  atMs: z.number().int(),
  author: z.string(),
  note: z.string().nullable(),
  createdAt: z.iso.datetime(),
  /** The caller may delete it (their own, or they host the meeting). */
  canDelete: z.boolean(),
});
export type ApiHighlight = z.output<typeof apiHighlightSchema>;

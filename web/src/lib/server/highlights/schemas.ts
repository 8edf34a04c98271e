// The highlight request body (no server dependencies: the OpenAPI document imports it).
import { z } from 'zod';

/** A day: the longest meeting a moment can be in. */
const MAX_AT_MS = 86_400_000;

export const createHighlightSchema = z.strictObject({
  atMs: z
    .number({ error: 'atMs must be a number of milliseconds.' })
    .int('atMs must be a whole number.')
    .min(0, 'atMs must be at least 0.')
    .max(MAX_AT_MS, `atMs must be at most ${MAX_AT_MS}.`),
  note: z
    .string({ error: 'note must be text.' })
    .trim()
    .max(500, 'note must be at most 500 characters.')
    .nullish()
    .transform((n) => (n ? n : null)),
});
export type CreateHighlightInput = z.output<typeof createHighlightSchema>;

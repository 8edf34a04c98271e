import { z } from 'zod';

/** What became of a meeting's follow-up email, as its hosts see it (counts, never addresses). */
export const apiFollowupStatusSchema = z.object({
  /** The worst outcome among the current sending's recipients, or why there are none yet. */
  state: z.enum(['off', 'after_meeting', 'none', 'queued', 'sent', 'bounced', 'failed']),
  counts: z.object({
    pending: z.number().int(),
    sent: z.number().int(),
    bounced: z.number().int(),
    failed: z.number().int(),
  }),
  label: z.string(),
  /** Which sending it is: 1 after the meeting, one more each time a host sends it again. */
  round: z.number().int().min(1),
  /** Whether a host may send it again now, and why not otherwise (the 409's code and words). */
  resend: z.union([
    z.object({ allowed: z.literal(true) }),
    z.object({ allowed: z.literal(false), code: z.string(), message: z.string() }),
  ]),
});
export type ApiFollowupStatus = z.infer<typeof apiFollowupStatusSchema>;

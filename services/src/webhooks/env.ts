import { z } from 'zod';

/** Outgoing webhook delivery (the workers) and secret rotation (the web app). */
export const webhooksEnvSchema = z.object({
  WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(500).max(60_000).default(10_000),
  WEBHOOK_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(10),
  WEBHOOK_BACKOFF_MS: z.coerce.number().int().min(100).max(600_000).default(2_000),
  WEBHOOK_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(16),
  WEBHOOK_ENDPOINT_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4),
  WEBHOOK_DISABLE_AFTER: z.coerce.number().int().min(1).max(1000).default(10),
  WEBHOOK_SECRET_GRACE_HOURS: z.coerce.number().int().min(0).max(720).default(24),
});

export type WebhooksEnv = z.output<typeof webhooksEnvSchema>;

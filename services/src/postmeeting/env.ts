import { z } from 'zod';

/** The post-meeting queue (on REDIS_URL), shared by the web app and the workers. */
export const postmeetingQueueEnvSchema = z.object({
  POSTMEETING_QUEUE_PREFIX: z
    .string()
    .regex(
      /^[A-Za-z0-9_.:-]{1,64}$/,
      'POSTMEETING_QUEUE_PREFIX must be 1-64 chars of [A-Za-z0-9_.:-]',
    )
    .default('parley'),
});

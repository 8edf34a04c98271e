import { z } from 'zod';

// Settings every server process shares that belong to no one capability.

const wsUrl = (name: string) =>
  z
    .string({ error: `${name} is required` })
    .regex(/^wss?:\/\/[^\s]+$/, `${name} must be a ws:// or wss:// URL`);

const nonEmpty = (name: string) =>
  z.string({ error: `${name} is required` }).min(1, `${name} must not be empty`);

/** The LiveKit server the processes talk to, and the agent name jobs are dispatched to. */
export const livekitEnvSchema = z.object({
  LIVEKIT_URL: wsUrl('LIVEKIT_URL'),
  LIVEKIT_API_KEY: nonEmpty('LIVEKIT_API_KEY'),
  LIVEKIT_API_SECRET: nonEmpty('LIVEKIT_API_SECRET'),
  PARLEY_AGENT_NAME: z
    .string()
    .regex(/^[A-Za-z0-9_.-]{1,64}$/, 'PARLEY_AGENT_NAME must be 1-64 chars of [A-Za-z0-9_.-]')
    .default('parley'),
});

/** Redis (unset: each process decides what it does without it). */
export const redisEnvSchema = z.object({
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, 'REDIS_URL must be a redis:// or rediss:// URL')
    .optional(),
});

/** The OpenAI-compatible provider: the default key and address of speech, chat and embeddings. */
export const openaiEnvSchema = z.object({
  OPENAI_API_KEY: z.string().min(1).optional(),
  OPENAI_BASE_URL: z.url({ error: 'OPENAI_BASE_URL must be a URL' }).optional(),
});

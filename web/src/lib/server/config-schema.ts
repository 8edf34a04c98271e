import { z } from 'zod';

const wsUrl = (name: string) =>
  z
    .string({ error: `${name} is required` })
    .regex(/^wss?:\/\/[^\s]+$/, `${name} must be a ws:// or wss:// URL`);

const nonEmpty = (name: string) =>
  z.string({ error: `${name} is required` }).min(1, `${name} must not be empty`);

/** Raw environment → validated values (defaults applied). */
export const envSchema = z.object({
  DATABASE_URL: z
    .string({ error: 'DATABASE_URL is required' })
    .regex(/^postgres(ql)?:\/\//, 'DATABASE_URL must be a postgres:// URL'),
  DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(100).default(10),
  LIVEKIT_URL: wsUrl('LIVEKIT_URL'),
  LIVEKIT_PUBLIC_URL: wsUrl('LIVEKIT_PUBLIC_URL').optional(),
  LIVEKIT_API_KEY: nonEmpty('LIVEKIT_API_KEY'),
  LIVEKIT_API_SECRET: nonEmpty('LIVEKIT_API_SECRET'),
  PARLEY_AGENT_NAME: z
    .string()
    .regex(/^[A-Za-z0-9_.-]{1,64}$/, 'PARLEY_AGENT_NAME must be 1-64 chars of [A-Za-z0-9_.-]')
    .default('parley'),
  TOKEN_TTL_SECONDS: z.coerce.number().int().min(10).max(600).default(600),
  SESSION_TTL_DAYS: z.coerce.number().int().min(1).max(365).default(30),
});

export interface Config {
  databaseUrl: string;
  databasePoolMax: number;
  /** URL this server uses for LiveKit (ws:// or wss://). */
  livekitUrl: string;
  /** HTTP(S) form of `livekitUrl`, for the Twirp APIs. */
  livekitHttpUrl: string;
  /** URL handed to browsers. */
  livekitPublicUrl: string;
  livekitApiKey: string;
  livekitApiSecret: string;
  agentName: string;
  tokenTtlSeconds: number;
  sessionTtlDays: number;
}

/** Validates an environment object; throws an Error naming every bad variable. */
export function parseConfig(env: Record<string, string | undefined>): Config {
  // Empty strings mean "unset" so optional variables fall back to their defaults.
  const cleaned = Object.fromEntries(
    Object.entries(env).filter(([, v]) => v !== undefined && v !== ''),
  );
  const result = envSchema.safeParse(cleaned);
  if (!result.success) {
    const lines = result.error.issues.map((i) => {
      const name = String(i.path[0] ?? '(env)');
      return `  ${name}: ${i.message.includes(name) ? i.message : `${name} ${i.message}`}`;
    });
    throw new Error(`Invalid environment:\n${lines.join('\n')}`);
  }
  const e = result.data;
  return {
    databaseUrl: e.DATABASE_URL,
    databasePoolMax: e.DATABASE_POOL_MAX,
    livekitUrl: e.LIVEKIT_URL,
    livekitHttpUrl: e.LIVEKIT_URL.replace(/^ws/, 'http'),
    livekitPublicUrl: e.LIVEKIT_PUBLIC_URL ?? e.LIVEKIT_URL,
    livekitApiKey: e.LIVEKIT_API_KEY,
    livekitApiSecret: e.LIVEKIT_API_SECRET,
    agentName: e.PARLEY_AGENT_NAME,
    tokenTtlSeconds: e.TOKEN_TTL_SECONDS,
    sessionTtlDays: e.SESSION_TTL_DAYS,
  };
}

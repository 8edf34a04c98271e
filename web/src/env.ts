import { defineEnvVars } from '@sveltejs/kit/env';

/**
 * Every variable passes through unchanged here: `#lib/server/config.ts` validates them all in one
 * place (with zod) on first use, so `vite build` needs no runtime secrets.
 */
const passthrough = { schema: (value: string | undefined) => value };

export const variables = defineEnvVars({
  DATABASE_URL: { ...passthrough, description: 'Postgres connection string.' },
  DATABASE_POOL_MAX: { ...passthrough, description: 'Largest number of pooled DB connections.' },
  LIVEKIT_URL: { ...passthrough, description: 'LiveKit server URL used by this server (ws://).' },
  LIVEKIT_PUBLIC_URL: { ...passthrough, description: 'LiveKit URL browsers connect to.' },
  LIVEKIT_API_KEY: { ...passthrough, description: 'LiveKit API key.' },
  LIVEKIT_API_SECRET: { ...passthrough, description: 'LiveKit API secret.' },
  PARLEY_AGENT_NAME: { ...passthrough, description: 'Agent name to dispatch into rooms.' },
  TOKEN_TTL_SECONDS: { ...passthrough, description: 'LiveKit join token lifetime (≤ 600).' },
  SESSION_TTL_DAYS: { ...passthrough, description: 'Login session lifetime in days.' },
});

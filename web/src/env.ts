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
  SESSION_TTL_DAYS: { ...passthrough, description: 'Days a login session may stay unused.' },
  SESSION_ABSOLUTE_DAYS: { ...passthrough, description: 'Hard login session lifetime in days.' },
  SESSION_CACHE_MS: {
    ...passthrough,
    description: 'Session cache lifetime (ms), evicted on every replica at once.',
  },
  ACCESS_CACHE_MS: {
    ...passthrough,
    description: 'Meeting access cache lifetime for joins (ms), evicted on every replica.',
  },
  REDIS_URL: { ...passthrough, description: 'Redis URL (rate limits, cache invalidation).' },
  RATE_LIMIT_PREFIX: {
    ...passthrough,
    description: 'Prefix of Redis keys and channels (the same on every replica).',
  },
  RATE_LIMIT_LOGIN_IP: { ...passthrough, description: 'Login attempts per IP (COUNT/SECONDS).' },
  RATE_LIMIT_LOGIN_ACCOUNT: { ...passthrough, description: 'Login attempts per account.' },
  RATE_LIMIT_SIGNUP: { ...passthrough, description: 'Sign-ups per IP (COUNT/SECONDS).' },
  RATE_LIMIT_TOKEN: { ...passthrough, description: 'LiveKit token issues per caller.' },
  RATE_LIMIT_API: { ...passthrough, description: 'API requests per caller (COUNT/SECONDS).' },
  RATE_LIMIT_IMPORT: { ...passthrough, description: 'Recording uploads per caller.' },
  RATE_LIMIT_INVITE_EMAIL: {
    ...passthrough,
    description: 'Recipients of emailed meeting and team invites per user.',
  },
  RATE_LIMIT_PASSWORD_RESET: {
    ...passthrough,
    description: 'Password reset emails per address and per IP.',
  },
  IMPORT_MAX_BYTES: { ...passthrough, description: 'Largest recording upload (bytes).' },
  GUEST_LINK_TTL_HOURS: { ...passthrough, description: 'Default guest link lifetime (hours).' },
  GUEST_SESSION_TTL_HOURS: { ...passthrough, description: 'Guest session lifetime (hours).' },
  GUEST_TOKEN_TTL_SECONDS: { ...passthrough, description: 'Guest LiveKit token lifetime.' },
  TEAM_INVITE_TTL_HOURS: { ...passthrough, description: 'Team invite link lifetime (hours).' },
  RECONCILE_INTERVAL_SECONDS: { ...passthrough, description: 'Room reconciler period (0: off).' },
  AGENT_WATCHDOG_INTERVAL_MS: {
    ...passthrough,
    description: 'How often dead agents are looked for, in ms (0: off).',
  },
  S3_ENDPOINT: { ...passthrough, description: 'S3 endpoint URL.' },
  S3_ACCESS_KEY: { ...passthrough, description: 'S3 access key.' },
  S3_SECRET_KEY: { ...passthrough, description: 'S3 secret key.' },
  S3_BUCKET: { ...passthrough, description: 'S3 bucket.' },
  S3_REGION: { ...passthrough, description: 'S3 region.' },
  WEB_METRICS_PORT: { ...passthrough, description: 'Prometheus /metrics port (0: off).' },
  WEB_METRICS_HOST: { ...passthrough, description: 'Address the metrics port binds.' },
  RECORDING_MODE: { ...passthrough, description: 'Who records meetings: egress, agent or off.' },
  RECORDING_URL_TTL_SECONDS: {
    ...passthrough,
    description: 'Lifetime of presigned recording URLs (seconds).',
  },
  S3_PUBLIC_ENDPOINT: { ...passthrough, description: 'S3 URL browsers fetch recordings from.' },
  POSTMEETING_QUEUE_PREFIX: { ...passthrough, description: 'Redis prefix of the job queue.' },
  SMTP_URL: { ...passthrough, description: 'SMTP server emailed invites go through.' },
  MAIL_FROM: { ...passthrough, description: 'Sender of emailed invites.' },
  MAIL_SECRET: {
    ...passthrough,
    description: 'Key of the unsubscribe links in Parley emails (same as the agent).',
  },
  ACTION_ITEM_REMINDER_HOUR: {
    ...passthrough,
    description: 'Hour (UTC) action-item reminders go out (same as the agent).',
  },
  FOLLOWUP_EMAIL_ATTEMPTS: {
    ...passthrough,
    description:
      'Tries of a follow-up email job a host queues with "Send again" (same as the agent).',
  },
  FOLLOWUP_EMAIL_BACKOFF_MS: {
    ...passthrough,
    description: 'First wait between tries of a follow-up email job, doubling (same as the agent).',
  },
  ASK_LLM: { ...passthrough, description: 'Answer questions over meetings with an LLM.' },
  ASK_LLM_TIMEOUT_MS: { ...passthrough, description: 'Timeout of one ask LLM call (ms).' },
  LLM_API_KEY: { ...passthrough, description: 'OpenAI-compatible chat API key.' },
  LLM_BASE_URL: { ...passthrough, description: 'OpenAI-compatible chat API base URL.' },
  LLM_MODEL: { ...passthrough, description: 'Chat model.' },
  OPENAI_API_KEY: { ...passthrough, description: 'OpenAI-compatible API key (embeddings).' },
  OPENAI_BASE_URL: { ...passthrough, description: 'OpenAI-compatible API base URL.' },
  EMBEDDINGS_PROVIDER: {
    ...passthrough,
    description: 'Embeddings for semantic search: openai or none.',
  },
  EMBEDDINGS_API_KEY: { ...passthrough, description: 'OpenAI-compatible embeddings API key.' },
  EMBEDDINGS_BASE_URL: { ...passthrough, description: 'OpenAI-compatible embeddings base URL.' },
  EMBEDDINGS_MODEL: { ...passthrough, description: 'Embeddings model.' },
  EMBEDDINGS_DIMENSIONS: { ...passthrough, description: 'Length of the embedding vectors.' },
  EMBEDDINGS_SEND_DIMENSIONS: {
    ...passthrough,
    description: 'Send the dimensions parameter to the embeddings API.',
  },
  VECTOR_STORE: { ...passthrough, description: 'Vector store: pgvector or pinecone.' },
  PGVECTOR_TABLE: { ...passthrough, description: 'Table of the pgvector store.' },
  PINECONE_API_KEY: { ...passthrough, description: 'Pinecone API key.' },
  PINECONE_INDEX_HOST: { ...passthrough, description: 'Pinecone index data-plane host.' },
  WEBHOOK_TIMEOUT_MS: { ...passthrough, description: 'Webhook attempt timeout (workers).' },
  WEBHOOK_ATTEMPTS: { ...passthrough, description: 'Attempts per webhook delivery.' },
  WEBHOOK_BACKOFF_MS: { ...passthrough, description: 'First retry delay (doubles each time).' },
  WEBHOOK_CONCURRENCY: { ...passthrough, description: 'Webhook deliveries at once (workers).' },
  WEBHOOK_ENDPOINT_CONCURRENCY: {
    ...passthrough,
    description: 'Webhook deliveries at once to one endpoint (workers).',
  },
  WEBHOOK_DISABLE_AFTER: { ...passthrough, description: 'Failed deliveries that turn one off.' },
  WEBHOOK_SECRET_GRACE_HOURS: {
    ...passthrough,
    description: 'Hours a rotated-out webhook secret still signs.',
  },
  CALENDAR_POLL_MINUTES: {
    ...passthrough,
    description: 'Minutes between ICS feed polls (0: off).',
  },
  OUTBOUND_ALLOWED_NETWORKS: {
    ...passthrough,
    description: 'Private networks webhooks and calendar feeds may reach (CIDR list).',
  },
});

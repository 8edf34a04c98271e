import { z } from 'zod';

export const dbEnvSchema = z.object({
  DATABASE_URL: z
    .string({ error: 'DATABASE_URL is required (postgres://user@host:port/db)' })
    .regex(/^postgres(ql)?:\/\//, 'DATABASE_URL must be a postgres:// URL'),
  DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(100).default(10),
});

export interface DbConfig {
  /** Connection string of the Parley database. */
  url: string;
  /** Largest number of pooled connections. */
  poolMax: number;
}

/** Reads the database settings from an environment object (validated, with defaults). */
export function dbConfigFromEnv(env: Record<string, string | undefined>): DbConfig {
  const parsed = dbEnvSchema.parse(env);
  return { url: parsed.DATABASE_URL, poolMax: parsed.DATABASE_POOL_MAX };
}

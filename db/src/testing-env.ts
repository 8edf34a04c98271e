import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * Connection string of the dev/test Postgres server: DATABASE_URL from the environment, else
 * the one `deploy/dev/services up` wrote to `.data/dev.env`.
 */
export function testServerUrl(): string {
  const fromEnv = process.env.DATABASE_URL;
  if (fromEnv) return fromEnv;
  const file = fileURLToPath(new URL('../../.data/dev.env', import.meta.url));
  if (existsSync(file)) {
    const m = /^DATABASE_URL=(.+)$/m.exec(readFileSync(file, 'utf8'));
    if (m?.[1]) return m[1].trim();
  }
  throw new Error('no database: run `./pnpmw services up` (or set DATABASE_URL)');
}

import { createDb, type Db } from '@parley/db';
import { config } from './config.ts';

let db: Db | undefined;

/** The process-wide database pool (opened on first use). */
export function getDb(): Db {
  db ??= createDb({ url: config().databaseUrl, poolMax: config().databasePoolMax });
  return db;
}

import { createHash } from 'node:crypto';
import type { Compilable } from 'kysely';
import type pg from 'pg';
import type { Db } from './client.ts';

/**
 * Named prepared statements for the few hot, fixed-shape queries (session and API-token lookup,
 * meeting access): Postgres parses and plans them once per connection instead of on every call,
 * which is most of their cost (planning ≈ 0.3 ms, execution ≈ 0.05–0.2 ms). Only queries run
 * through `executePrepared` are named, so the set stays small and fixed (each connection keeps
 * one server-side statement per name). Needs a direct connection or session pooling (a PgBouncer
 * in transaction mode would need its prepared-statement support turned on).
 */
const names = new Map<string, string>();

/** Runs the query as a named prepared statement; returns its rows. */
export async function executePrepared<R>(db: Db, query: Compilable<R>): Promise<R[]> {
  const compiled = query.compile();
  if (!names.has(compiled.sql)) {
    names.set(compiled.sql, `parley_${createHash('sha1').update(compiled.sql).digest('hex')}`);
  }
  return (await db.executeQuery(compiled)).rows;
}

type Query = (config: unknown, values?: unknown, callback?: unknown) => unknown;

/** Makes every client of the pool send the statements `executePrepared` ran under their name. */
export function namePreparedStatements(pool: pg.Pool): void {
  pool.on('connect', (client) => {
    const c = client as unknown as { query: Query };
    const query: Query = c.query.bind(client);
    c.query = (config, values, callback) => {
      const name = typeof config === 'string' ? names.get(config) : undefined;
      if (name && Array.isArray(values) && callback === undefined) {
        return query({ name, text: config, values });
      }
      return query(config, values, callback);
    };
  });
}

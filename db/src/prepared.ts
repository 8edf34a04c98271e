import { createHash } from 'node:crypto';
import type { Compilable, CompiledQuery } from 'kysely';
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
export async function executePrepared<R>(
  db: Db,
  query: Compilable<R> | CompiledQuery<R>,
): Promise<R[]> {
  const compiled = 'compile' in query ? query.compile() : query;
  if (!names.has(compiled.sql)) {
    names.set(compiled.sql, `parley_${createHash('sha1').update(compiled.sql).digest('hex')}`);
  }
  return (await db.executeQuery(compiled)).rows;
}

/**
 * A fixed-shape prepared query built with Kysely once per database handle and then only run with
 * new parameters: on the hottest paths, building and compiling the query costs this process more
 * CPU than Postgres spends running it. `build` gets an opaque stand-in object for each parameter
 * in `params` and must bind each as one value, never look at it (the query's shape cannot depend
 * on values); a parameter the compiled query does not bind makes the first call throw.
 */
export function compiledOnce<P extends Record<string, unknown>, R>(
  params: readonly (keyof P & string)[],
  build: (db: Db, stand: P) => Compilable<R>,
): (db: Db, values: P) => Promise<R[]> {
  const byDb = new WeakMap<Db, { compiled: CompiledQuery<R>; slots: (string | undefined)[] }>();
  const prepare = (db: Db) => {
    const stand = Object.fromEntries(params.map((k) => [k, { stand: k }]));
    const compiled = build(db, stand as unknown as P).compile();
    const slots = compiled.parameters.map((v) => params.find((k) => stand[k] === v));
    const missing = params.filter((k) => !slots.includes(k));
    if (missing.length > 0) throw new Error(`compiledOnce: ${missing.join(', ')} not bound`);
    const entry = { compiled, slots };
    byDb.set(db, entry);
    return entry;
  };
  return async (db, values) => {
    const { compiled, slots } = byDb.get(db) ?? prepare(db);
    const parameters = slots.map((k, i) => (k === undefined ? compiled.parameters[i] : values[k]));
    return executePrepared(db, { ...compiled, parameters });
  };
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

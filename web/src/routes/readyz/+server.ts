import { json } from '@sveltejs/kit';
import { readiness } from '#lib/server/ops/index.ts';
import type { RequestHandler } from './$types';

/**
 * Readiness: 200 when Postgres, Redis and LiveKit answer within 2 s, else 503 naming the failing
 * check (`{"status":"unavailable","checks":{"redis":"timeout",...}}`); 503 once shutdown began.
 */
export const GET: RequestHandler = async () => {
  const r = await readiness();
  return json(
    { status: r.ok ? 'ok' : 'unavailable', checks: r.checks },
    { status: r.ok ? 200 : 503, headers: { 'cache-control': 'no-store' } },
  );
};

import type { RequestHandler } from './$types';

/**
 * Liveness: the process is up and its event loop answers. Checks no dependency on purpose (a
 * Postgres outage must not make the orchestrator restart every web process); see `/readyz`.
 */
export const GET: RequestHandler = () =>
  new Response('ok\n', { headers: { 'content-type': 'text/plain', 'cache-control': 'no-store' } });

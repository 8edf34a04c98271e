import { redirect, type RequestEvent } from '@sveltejs/kit';
import { dev } from '$app/env';
import type { Handle, HandleServerError, ServerInit } from '@sveltejs/kit/hooks';
import {
  API_TOKEN_PREFIX,
  principalKey,
  resolveApiToken,
  resolveSession,
  sessionCookieName,
  sessionLifetimes,
  type Principal,
} from '#lib/server/auth/index.ts';
import { listLiveMeetings } from '@parley/db';
import { accessCacheTicket } from '#lib/server/authz/index.ts';
import { closeCacheBus, startCacheBus } from '#lib/server/cache/redis-bus.ts';
import { heartbeatKey } from '@parley/protocol';
import { config, ConfigError, type Config } from '#lib/server/config.ts';
import { getDb } from '#lib/server/db.ts';
import { GUEST_TOKEN_PREFIX, guestCookieName, resolveGuest } from '#lib/server/guests/index.ts';
import { errorResponse, reportError } from '#lib/server/http/index.ts';
import { isCrossOriginWrite } from '#lib/server/http/csrf.ts';
import {
  agentParticipants,
  recoverAgent,
  roomService,
  startReconciler,
  startWatchdog,
} from '#lib/server/livekit/index.ts';
import { getRedis } from '#lib/server/redis.ts';
import { startCalendarPoller } from '#lib/server/calendar/index.ts';
import { appMetrics, log, markShuttingDown, serveMetrics } from '#lib/server/ops/index.ts';
import { limitError, rateLimiter, rule, type LimitRule } from '#lib/server/rate-limit/index.ts';

/** Validate the environment at startup so a bad variable fails fast; start the room reconciler. */
export const init: ServerInit = () => {
  const c = startupConfig();
  if (c.metricsPort > 0) {
    serveMetrics(appMetrics(), c.metricsPort, c.metricsHost)
      .on('error', (err: NodeJS.ErrnoException) => {
        log.error(
          { port: c.metricsPort, code: err.code },
          'cannot serve metrics (WEB_METRICS_PORT)',
        );
      })
      .unref();
  }
  // adapter-node's shutdown (the built app); `vite dev` stops on its own.
  if (!dev) onShutdown();
  // Subscribe to cache invalidations now, so caches are on by the first requests.
  startCacheBus();
  if (c.reconcileIntervalSeconds > 0) {
    startReconciler(
      getDb,
      {
        async listRoomNames() {
          return new Set((await roomService().listRooms()).map((r) => r.name));
        },
      },
      c.reconcileIntervalSeconds * 1000,
    );
  }
  startCalendarPoller(getDb, c.calendarPollMinutes * 60_000);
  if (c.agentWatchdogIntervalMs > 0) {
    startWatchdog(
      {
        liveMeetings: () => listLiveMeetings(getDb()),
        heartbeats: (rooms) => getRedis().mget(rooms.map(heartbeatKey)),
        agentParticipants: (roomName) => agentParticipants(roomName),
        removeParticipant: async (roomName, identity) => {
          await roomService().removeParticipant(roomName, identity);
        },
        recover: (m) => recoverAgent(m),
      },
      c.agentWatchdogIntervalMs,
    );
  }
};

/**
 * The configuration, or (built app) exit 2 with one log line naming every bad variable: an
 * operator reading `docker logs` sees what to fix, not a stack trace.
 */
function startupConfig(): Config {
  try {
    return config();
  } catch (err) {
    if (dev || !(err instanceof ConfigError)) throw err;
    log.error(`invalid configuration: ${err.problems.join('; ')}`);
    process.exit(2);
  }
}

/**
 * Graceful shutdown. On SIGTERM/SIGINT adapter-node stops accepting connections, lets in-flight
 * requests finish (up to SHUTDOWN_TIMEOUT seconds, then closes what is left) and emits
 * `sveltekit:shutdown`; `/readyz` answers 503 from the signal on. The database pool, Redis and the
 * background timers would keep the process alive after that, so close them and exit.
 */
function onShutdown(): void {
  const begin = (signal: string) => {
    if (!markShuttingDown()) return;
    log.info({ signal }, 'shutdown requested: finishing in-flight requests');
  };
  process.once('SIGTERM', () => begin('SIGTERM'));
  process.once('SIGINT', () => begin('SIGINT'));
  process.once('sveltekit:shutdown', (reason: unknown) => {
    log.info({ reason: String(reason) }, 'http server closed');
    const done = () => process.exit(0);
    setTimeout(done, 2_000).unref();
    void Promise.allSettled([getDb().destroy(), getRedis().quit(), closeCacheBus()]).then(done);
  });
}

/** Pages that need a signed-in user (API routes answer 401 themselves). */
function isProtectedPage(pathname: string): boolean {
  return (
    pathname === '/meetings' ||
    pathname.startsWith('/meetings/') ||
    pathname === '/teams' ||
    pathname.startsWith('/teams/') ||
    pathname === '/account' ||
    pathname.startsWith('/account/') ||
    pathname === '/action-items' ||
    pathname === '/search' ||
    pathname === '/subjects' ||
    pathname.startsWith('/subjects/')
  );
}

const TOKEN_ROUTE = /^\/api\/meetings\/([^/]+)\/token$/;
/** Largest declared body of any request but a recording upload (adapter-node's default). */
const OTHER_BODY_LIMIT = 512 * 1024;
const IMPORT_ROUTE = /^\/api\/meetings\/(import|[^/]+\/import)$/;

/** Rate-limit rules charged before an API request runs (one Redis round trip). */
function apiRules(event: RequestEvent, principal: Principal | null): LimitRule[] {
  const limits = config().rateLimits;
  const who = principalKey(principal, event.getClientAddress());
  const rules = [rule(`api:${who}`, limits.api)];
  if (event.request.method === 'POST' && TOKEN_ROUTE.test(event.url.pathname)) {
    rules.push(rule(`token:${who}`, limits.token));
  }
  if (event.request.method === 'POST' && IMPORT_ROUTE.test(event.url.pathname)) {
    rules.push(rule(`import:${who}`, limits.import));
  }
  return rules;
}

const invalidToken = () =>
  errorResponse(401, 'invalid_token', 'The bearer token is invalid, expired or revoked.', {
    headers: { 'www-authenticate': 'Bearer' },
  });

async function authenticate(event: RequestEvent): Promise<Principal | null | 'invalid'> {
  const db = getDb();
  const authorization = event.request.headers.get('authorization');
  const bearer = authorization?.match(/^Bearer\s+(\S+)$/i)?.[1];
  if (authorization && event.url.pathname !== '/api/livekit/webhook') {
    if (!bearer) return 'invalid';
    if (bearer.startsWith(API_TOKEN_PREFIX)) {
      const r = await resolveApiToken(db, bearer);
      if (!r) return 'invalid';
      return { kind: 'user', user: r.user, via: 'api_token', sessionId: null, tokenId: r.tokenId };
    }
    if (bearer.startsWith(GUEST_TOKEN_PREFIX)) return (await resolveGuest(db, bearer)) ?? 'invalid';
    return 'invalid';
  }
  const secure = event.url.protocol === 'https:';
  const token = event.cookies.get(sessionCookieName(secure));
  if (token) {
    // A join reads the session and the caller's access to the meeting in one query.
    const meetingId =
      event.request.method === 'POST' ? TOKEN_ROUTE.exec(event.url.pathname)?.[1] : undefined;
    const ticket = accessCacheTicket();
    const s = await resolveSession(db, token, sessionLifetimes(), config().sessionCacheMs, {
      meetingId,
    });
    if (s) {
      if (meetingId && s.meeting !== undefined) {
        event.locals.prefetchedAccess = { meetingId, relation: s.meeting, ticket };
      }
      return { kind: 'user', user: s.user, via: 'session', sessionId: s.sessionId, tokenId: null };
    }
  }
  const guestToken = event.cookies.get(guestCookieName(secure));
  if (guestToken) return resolveGuest(db, guestToken);
  return null;
}

export const handle: Handle = async (input) => {
  const end = appMetrics().start();
  let status = 500;
  try {
    const response = await handleRequest(input);
    status = response.status;
    return response;
  } catch (err) {
    // redirect() and error() are thrown; their status is what the client gets
    const s = (err as { status?: unknown }).status;
    if (typeof s === 'number') status = s;
    throw err;
  } finally {
    end(input.event.route.id, input.event.request.method, status);
  }
};

const handleRequest: Handle = async ({ event, resolve }) => {
  event.locals.principal = null;
  event.locals.user = null;
  event.locals.sessionId = null;
  event.locals.prefetchedAccess = null;
  const { pathname } = event.url;
  // The MCP endpoint is an API too: bearer tokens, JSON errors, the API rate limit.
  const isApi = pathname.startsWith('/api/') || pathname === '/mcp';

  if (isCrossOriginWrite(event.request, event.url.origin)) {
    return isApi
      ? errorResponse(403, 'cross_origin', 'Cross-origin writes are refused.')
      : new Response('Cross-origin writes are refused.', { status: 403 });
  }

  // adapter-node's BODY_SIZE_LIMIT is raised for recording uploads (which cap themselves while
  // streaming); every other request keeps a small declared-size limit.
  if (
    Number(event.request.headers.get('content-length') ?? '0') > OTHER_BODY_LIMIT &&
    !IMPORT_ROUTE.test(pathname)
  ) {
    return isApi
      ? errorResponse(413, 'payload_too_large', 'The request body is too large.')
      : new Response('The request body is too large.', { status: 413 });
  }

  const principal = await authenticate(event);
  if (principal === 'invalid') {
    if (isApi) return invalidToken();
  } else if (principal) {
    event.locals.principal = principal;
    if (principal.kind === 'user') {
      event.locals.user = principal.user;
      event.locals.sessionId = principal.sessionId;
    }
  }

  // Shared-link pages (`/s/…`: the page, its recording and transcript files) are open to anyone
  // holding the link, so they count against the same allowance as the API.
  const shared = pathname.startsWith('/s/');
  if (
    (isApi && pathname !== '/api/livekit/webhook' && pathname !== '/api/openapi.json') ||
    shared
  ) {
    // The general API limit fails open: a Redis outage must not take the API down.
    const r = await rateLimiter().hit(apiRules(event, event.locals.principal), 'open');
    if (!r.allowed) {
      const e = limitError(r);
      return isApi
        ? errorResponse(e.status, e.code, e.message, { headers: e.headers ?? {} })
        : new Response(e.message, { status: e.status, headers: e.headers ?? {} });
    }
  }

  if (!event.locals.user && isProtectedPage(pathname)) {
    const g = event.locals.principal;
    const guestRoom = g?.kind === 'guest' && pathname === `/meetings/${g.guest.meetingId}/room`;
    if (!guestRoom) {
      const next = pathname + event.url.search;
      redirect(303, `/login?next=${encodeURIComponent(next)}`);
    }
  }

  const response = await resolve(event);
  response.headers.set('x-content-type-options', 'nosniff');
  if (!response.headers.has('referrer-policy'))
    response.headers.set('referrer-policy', 'same-origin');
  if (!response.headers.has('x-frame-options')) response.headers.set('x-frame-options', 'DENY');
  return response;
};

/** Logs unexpected errors with a reference id; users only ever see a generic message. */
export const handleError: HandleServerError = ({ kind, error, event }) => {
  if (kind !== 'unknown') return;
  const id = reportError(error, { method: event.request.method, path: event.url.pathname });
  return { message: 'Something went wrong on our side.', id };
};

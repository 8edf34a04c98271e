/**
 * Integration-test helpers: start the built web server (`web/build`) on a free port against a
 * fresh database, and talk to its JSON API. The build must be current (`pnpm --filter
 * @parley/web build`); `ensureWebBuild` only builds when it is missing.
 */
import { createHash } from 'node:crypto';
import type { Db } from '@parley/db';
import type { ApiErrorBody } from '@parley/protocol';
import { request } from 'node:http';
import { AccessToken } from 'livekit-server-sdk';
import { createTestDatabase, type TestDatabase } from '@parley/db/testing';
import {
  devEnv as loadDevEnv,
  ensureWebBuild,
  fetchOnce,
  freePort,
  queuePrefixFor,
  startNode,
  waitFor,
  type Proc,
} from '@parley/testkit';

export const devEnv = loadDevEnv();
/** The app's canonical origin (what browsers send as Origin). */
export const ORIGIN = devEnv.ORIGIN ?? 'http://localhost:3000';

export interface TestServer {
  base: string;
  db: Db;
  testDb: TestDatabase;
  proc: Proc;
  stop: () => Promise<void>;
}

/** Starts `node web/build/index.js` with dev settings plus `env`, on a fresh database. */
export async function startTestServer(
  name: string,
  env: Record<string, string> = {},
  shared?: TestDatabase,
): Promise<TestServer> {
  ensureWebBuild(ORIGIN);
  const testDb = shared ?? (await createTestDatabase(devEnv.DATABASE_URL ?? ''));
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const proc = startNode(name, ['web/build/index.js'], {
    ...devEnv,
    DATABASE_URL: testDb.url,
    HOST: '127.0.0.1',
    PORT: String(port),
    BODY_SIZE_LIMIT: 'Infinity',
    RATE_LIMIT_PREFIX: `test-${name}-${process.pid}-${Date.now()}`,
    RATE_LIMIT_SIGNUP: '10000/3600',
    RATE_LIMIT_LOGIN_IP: '10000/300',
    RATE_LIMIT_API: '100000/60',
    RATE_LIMIT_TOKEN: '10000/60',
    RECONCILE_INTERVAL_SECONDS: '0',
    POSTMEETING_QUEUE_PREFIX: queuePrefixFor(testDb.url),
    ...env,
  });
  await waitFor('the web server', async () => (await fetch(`${base}/login`)).ok, 20_000, 100).catch(
    (err: unknown) => {
      throw new Error(`web server did not start:\n${proc.output()}`, { cause: err });
    },
  );
  return {
    base,
    db: testDb.db,
    testDb,
    proc,
    stop: async () => {
      await proc.stop();
      if (!shared) await testDb.drop();
    },
  };
}

export interface Json {
  status: number;
  body: Record<string, unknown> & Partial<ApiErrorBody>;
  res: Response;
}

export interface Caller {
  cookie?: string;
  bearer?: string;
}

/** One JSON API call. */
export async function call(
  base: string,
  method: string,
  path: string,
  opts: Caller & { json?: unknown; body?: string; headers?: Record<string, string> } = {},
): Promise<Json> {
  // Browsers send Origin with every write; SvelteKit refuses body-less and form-typed writes
  // without it. Tests that probe cross-origin writes pass their own.
  const headers: Record<string, string> = {
    ...(method === 'GET' || method === 'HEAD' ? {} : { origin: ORIGIN }),
    ...opts.headers,
  };
  if (opts.cookie) headers.cookie = opts.cookie;
  if (opts.bearer) headers.authorization = `Bearer ${opts.bearer}`;
  let body: string | undefined = opts.body;
  if (opts.json !== undefined) {
    headers['content-type'] ??= 'application/json';
    body = JSON.stringify(opts.json);
  }
  const res = await fetchOnce(base + path, { method, headers, body, redirect: 'manual' });
  const text = await res.text();
  let parsed: Json['body'];
  try {
    parsed = text ? (JSON.parse(text) as Json['body']) : {};
  } catch {
    parsed = { raw: text };
  }
  return { status: res.status, body: parsed, res };
}

/** Posts a form as a browser without JavaScript does: the answer is the page's HTML or a redirect. */
export async function postForm(
  base: string,
  path: string,
  fields: Record<string, string>,
  cookie = '',
): Promise<{ status: number; html: string; res: Response }> {
  const res = await fetch(base + path, {
    method: 'POST',
    headers: {
      origin: ORIGIN,
      accept: 'text/html',
      'content-type': 'application/x-www-form-urlencoded',
      ...(cookie ? { cookie } : {}),
    },
    body: new URLSearchParams(fields).toString(),
    redirect: 'manual',
  });
  return { status: res.status, html: await res.text(), res };
}

let n = 0;
/** Signs up a fresh user; returns their cookie and id. */
export async function signupUser(
  base: string,
  name = 'Test User',
): Promise<{ cookie: string; id: string; email: string; password: string }> {
  const email = `user${++n}-${process.pid}-${Date.now()}@example.com`;
  const password = 'correct horse battery';
  const r = await call(base, 'POST', '/api/auth/signup', { json: { email, password, name } });
  if (r.status !== 201) throw new Error(`signup failed: ${r.status} ${JSON.stringify(r.body)}`);
  const set = r.res.headers.getSetCookie().find((c) => c.startsWith('parley_session='));
  return {
    cookie: (set ?? '').split(';')[0] ?? '',
    id: (r.body.user as { id: string }).id,
    email,
    password,
  };
}

/**
 * A login POST (wrong credentials) sent in two parts: the headers and the first bytes of the body,
 * then `midway()` (e.g. stop the server), then the rest `restAfterMs` later. Resolves with the
 * response: the shape of a request in flight when a server is told to stop.
 */
export function loginInTwoParts(
  url: string,
  origin: string,
  midway: () => void,
  restAfterMs = 1_000,
): Promise<{ status: number; text: string }> {
  const u = new URL(url);
  const body = JSON.stringify({ email: 'nobody@example.com', password: 'x'.repeat(12) });
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: u.hostname,
        port: u.port,
        path: u.pathname,
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          origin,
        },
      },
      (res) => {
        let text = '';
        res.on('data', (d: Buffer) => (text += d.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      },
    );
    req.on('error', reject);
    req.write(body.slice(0, 10));
    setTimeout(() => {
      midway();
      setTimeout(() => req.end(body.slice(10)), restAfterMs);
    }, 300);
  });
}

/** The Authorization header LiveKit would send with `body` (signed with the dev API key). */
export function signWebhook(
  body: string,
  secret = devEnv.LIVEKIT_API_SECRET ?? '',
): Promise<string> {
  const at = new AccessToken(devEnv.LIVEKIT_API_KEY ?? '', secret);
  at.sha256 = createHash('sha256').update(body).digest('base64');
  return at.toJwt();
}

/**
 * Posts a LiveKit webhook to the server at `base`, signed as LiveKit would unless `auth` says
 * otherwise (a header value, or null for none); resolves with the status.
 */
export async function postSignedWebhook(
  base: string,
  payload: object | string,
  auth?: string | null,
): Promise<number> {
  const body = typeof payload === 'string' ? payload : JSON.stringify(payload);
  const headers: Record<string, string> = { 'content-type': 'application/webhook+json' };
  const a = auth === undefined ? await signWebhook(body) : auth;
  if (a) headers.authorization = a;
  return (await fetch(`${base}/api/livekit/webhook`, { method: 'POST', headers, body })).status;
}

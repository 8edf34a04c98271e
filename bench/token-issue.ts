// LiveKit token issue under load: POST /api/meetings/:id/token against the production build
// (`web/build`, rebuilt by `pnpm --filter @parley/web build`) over loopback, with the default cache
// settings. Two figures:
// - hot: one user joining one meeting again and again (session, access and dispatch caches warm),
//   50 keep-alive connections for 30 s, 3 runs (median reported);
// - cold: 1,000 distinct users each asking once for a token to their own meeting, never held
//   (every cache misses: the session and access query, the session's activity write; the LiveKit
//   room lookup runs behind the answer, since a meeting never started has no room), same
//   connections, 3 runs with fresh users each (median reported), after an untimed cold warm-up
//   of 200 users;
// - cold, meetings held before (`cold_started_*`): the same, but each meeting had a room once,
//   so the answer waits for LiveKit's word on whether it exists (batched with the others in
//   flight); its own untimed warm-up of 200 users first.
// CPU per token of the web process and of the database's backends is reported too (it says
// where the time goes; LiveKit, Redis and the load generator are not counted there).
// Also the raw AccessToken sign rate in-process, for comparison. Rate limits are raised so they do
// not distort the figures (the Redis round trip per request still happens). Users, sessions and
// meetings of the cold runs are written straight into the database (no argon2 sign-ups).
//   pnpm bench token-issue [--seconds 30] [--connections 50] [--runs 3] [--cold-users 1000]
import { Agent, request } from 'node:http';
import { createServer } from 'node:net';
import { createHash, randomBytes } from 'node:crypto';
import { devEnv, startNode, waitFor } from '@parley/agent/testing';
import { createMeeting, createSession, createUser, markMeetingStarted, type Db } from '@parley/db';
import { createTestDatabase } from '@parley/db/testing';
import { AccessToken } from 'livekit-server-sdk';
import { ensureWebBuild } from '@parley/testkit';
import { benchArgs, recordArgs } from './lib/args.ts';
import type { Benchmark } from './lib/run.ts';
import { cpuOfMatching, TreeCpu } from './lib/cpu.ts';
import { quantile, round } from './lib/stats.ts';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => resolve(typeof addr === 'object' && addr ? addr.port : 0));
    });
  });
}

interface Reply {
  status: number;
  body: string;
  headers: Record<string, string | string[] | undefined>;
}

function post(
  agent: Agent,
  port: number,
  path: string,
  headers: Record<string, string>,
  body: string,
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path,
        method: 'POST',
        agent,
        headers: { ...headers, 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            body: Buffer.concat(chunks).toString('utf8'),
            headers: res.headers,
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

type Send = (agent: Agent) => Promise<Reply>;

/**
 * `connections` loops, each sending the next request when the previous answer arrived; `next`
 * gives the request to send, or undefined when the loops are done.
 */
async function closedLoop(connections: number, next: () => Send | undefined): Promise<RunResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: connections });
  const latencies: number[] = [];
  let ok = 0;
  let failed = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: connections }, async () => {
      for (let send = next(); send; send = next()) {
        const t = performance.now();
        try {
          const r = await send(agent);
          if (r.status === 200) {
            ok += 1;
            latencies.push(performance.now() - t);
          } else failed += 1;
        } catch {
          failed += 1;
        }
      }
    }),
  );
  const elapsedMs = performance.now() - started;
  agent.destroy();
  return { ok, failed, latencies, elapsedMs };
}

/** The same request again and again for `seconds`. */
function load(seconds: number, connections: number, send: Send): Promise<RunResult> {
  const until = performance.now() + seconds * 1000;
  return closedLoop(connections, () => (performance.now() < until ? send : undefined));
}

/** Each request once. */
function drain(sends: Send[], connections: number): Promise<RunResult> {
  let i = 0;
  return closedLoop(connections, () => sends[i++]);
}

/**
 * `count` users, each with a session and a meeting of their own, written straight to the db.
 * `started`: the meetings were held before (a room_started came), so their room may exist and
 * the token route waits for LiveKit's answer (batched) on whether it does; otherwise they never
 * started, and the token carries the room config at once, the lookup running behind (a first
 * join).
 */
async function coldCallers(db: Db, count: number, label: string, started = false) {
  const callers: { cookie: string; path: string }[] = [];
  const day = 86_400_000;
  for (let i = 0; i < count; i += 100) {
    const batch = Array.from({ length: Math.min(100, count - i) }, async (_, j) => {
      const user = await createUser(db, {
        email: `cold-${label}-${i + j}@example.com`,
        name: `Cold ${i + j}`,
        passwordHash: 'unused: these users never log in with a password',
      });
      if (!user) throw new Error('cold user exists');
      const token = randomBytes(32).toString('base64url');
      await createSession(db, {
        id: createHash('sha256').update(token).digest('hex'),
        userId: user.id,
        expiresAt: new Date(Date.now() + day),
        absoluteExpiresAt: new Date(Date.now() + 2 * day),
      });
      const m = await createMeeting(db, { title: 'Cold join', type: 'general', ownerId: user.id });
      // As the room_started webhook records it.
      if (started) await markMeetingStarted(db, m.id);
      return { cookie: `parley_session=${token}`, path: `/api/meetings/${m.id}/token` };
    });
    callers.push(...(await Promise.all(batch)));
  }
  return callers;
}

async function signRate(apiKey: string, apiSecret: string, seconds: number): Promise<number> {
  let n = 0;
  const until = performance.now() + seconds * 1000;
  const t0 = performance.now();
  while (performance.now() < until) {
    const at = new AccessToken(apiKey, apiSecret, { identity: `u-${n}`, name: 'Bench', ttl: 600 });
    at.addGrant({
      room: 'meeting-bench',
      roomJoin: true,
      canPublish: true,
      canSubscribe: true,
      canPublishData: true,
    });
    await at.toJwt();
    n += 1;
  }
  return n / ((performance.now() - t0) / 1000);
}

const median = (v: number[]) => quantile(v, 0.5);

interface RunResult {
  ok: number;
  failed: number;
  latencies: number[];
  elapsedMs: number;
  /** CPU seconds spent meanwhile (filled in by `withCpu`). */
  cpu?: Cpu;
}

/** CPU seconds spent by the web process and by the Postgres backends of the bench database. */
interface Cpu {
  web: number;
  db: number;
}

const line = (label: string, r: RunResult) =>
  `${label}: ${round(r.ok / (r.elapsedMs / 1000), 0)} tokens/s, p50 ${round(quantile(r.latencies, 0.5), 2)} ms, p99 ${round(quantile(r.latencies, 0.99), 2)} ms, ${r.failed} failed; CPU per token: web ${round(((r.cpu?.web ?? 0) * 1000) / Math.max(1, r.ok), 3)} ms, db ${round(((r.cpu?.db ?? 0) * 1000) / Math.max(1, r.ok), 3)} ms`;

/** Runs `fn` and records the CPU `sample` says was spent meanwhile. */
async function withCpu(sample: () => Cpu, fn: () => Promise<RunResult>): Promise<RunResult> {
  const before = sample();
  const r = await fn();
  const after = sample();
  return { ...r, cpu: { web: after.web - before.web, db: after.db - before.db } };
}

/** Medians over `runs` runs of rate, p99, p50 and CPU ms per token; the failures summed. */
async function measure(runs: number, run: (i: number) => Promise<RunResult>) {
  const rates: number[] = [];
  const p99s: number[] = [];
  const p50s: number[] = [];
  const webMs: number[] = [];
  const dbMs: number[] = [];
  let failed = 0;
  for (let i = 1; i <= runs; i++) {
    const r = await run(i);
    rates.push(r.ok / (r.elapsedMs / 1000));
    p99s.push(quantile(r.latencies, 0.99));
    p50s.push(quantile(r.latencies, 0.5));
    webMs.push(((r.cpu?.web ?? 0) * 1000) / Math.max(1, r.ok));
    dbMs.push(((r.cpu?.db ?? 0) * 1000) / Math.max(1, r.ok));
    failed += r.failed;
  }
  return {
    rate: round(median(rates), 0),
    p99: round(median(p99s), 2),
    p50: round(median(p50s), 2),
    webCpuMs: round(median(webMs), 3),
    dbCpuMs: round(median(dbMs), 3),
    failed,
  };
}

export default {
  async run(args, log) {
    const values = benchArgs(args, {
      seconds: { type: 'string', default: '30' },
      connections: { type: 'string', default: '50' },
      runs: { type: 'string', default: '3' },
      'cold-users': { type: 'string', default: '1000' },
    });
    recordArgs({
      cache_settings: 'defaults (SESSION_CACHE_MS 5000, ACCESS_CACHE_MS 2000)',
      cold_warm_up_users: 200,
      cold_sessions_last_seen: '1 hour before (each first request writes activity)',
    });
    const seconds = Math.max(1, Number(values.seconds));
    const connections = Math.max(1, Number(values.connections));
    const runs = Math.max(1, Number(values.runs));
    const coldUsers = Math.max(1, Number(values['cold-users']));
    const env = devEnv();
    const origin = env.ORIGIN ?? 'http://localhost:3000';
    ensureWebBuild(origin);
    const db = await createTestDatabase(env.DATABASE_URL ?? '');
    const port = await freePort();
    const server = startNode('bench-web', ['web/build/index.js'], {
      ...env,
      NODE_ENV: 'production',
      DATABASE_URL: db.url,
      HOST: '127.0.0.1',
      PORT: String(port),
      RATE_LIMIT_PREFIX: `bench-${process.pid}-${Date.now()}`,
      RATE_LIMIT_TOKEN: '100000000/60',
      RATE_LIMIT_API: '100000000/60',
      RECONCILE_INTERVAL_SECONDS: '0',
      // Extra node flags for the server (e.g. --cpu-prof), for profiling.
      NODE_OPTIONS: process.env.PARLEY_BENCH_NODE_OPTIONS ?? '',
    });
    try {
      await waitFor(
        'the web server',
        async () => (await fetch(`http://127.0.0.1:${port}/login`)).ok,
        20_000,
        100,
      );
      const signup = await fetch(`http://127.0.0.1:${port}/api/auth/signup`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          email: 'bench@example.com',
          password: 'correct horse battery',
          name: 'Bench',
        }),
      });
      const cookie = signup.headers.getSetCookie()[0]?.split(';')[0] ?? '';
      const created = await fetch(`http://127.0.0.1:${port}/api/meetings`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie },
        body: JSON.stringify({ title: 'Token bench', type: 'general' }),
      });
      const meeting = ((await created.json()) as { meeting: { id: string } }).meeting;
      const path = `/api/meetings/${meeting.id}/token`;
      const headers = { cookie, 'content-type': 'application/json', origin };
      const send = (agent: Agent) => post(agent, port, path, headers, '{}');

      const dbName = new URL(db.url).pathname.slice(1);
      const web = new TreeCpu(server.child.pid ?? 0, 60_000);
      const cpu = (): Cpu => ({ web: web.total(), db: cpuOfMatching(` ${dbName} `) });
      const probe = await send(new Agent());
      if (probe.status !== 200)
        throw new Error(`token route answered ${probe.status}: ${probe.body}`);
      await waitFor(
        'caches on',
        () => Promise.resolve(/caches on/.test(server.output())),
        10_000,
        50,
      );
      log('warming up (3 s)');
      await load(3, connections, send);

      const hot = await measure(runs, async (i) => {
        const x = await withCpu(cpu, () => load(seconds, connections, send));
        log(line(`hot run ${i}`, x));
        return x;
      });

      // Cold: fresh users per run. Their sessions were last used an hour ago, as for someone
      // arriving at a meeting, so each first request also slides the session's idle deadline.
      const coldSend = (c: { cookie: string; path: string }) => (agent: Agent) =>
        post(agent, port, c.path, { ...headers, cookie: c.cookie }, '{}');
      const coldRun = async (label: string, count: number, started = false) => {
        const callers = await coldCallers(db.db, count, label, started);
        await db.db
          .updateTable('sessions')
          .set({ last_seen_at: new Date(Date.now() - 3_600_000) })
          .execute();
        return withCpu(cpu, () => drain(callers.map(coldSend), connections));
      };
      log(`cold warm-up (200 users), then ${runs} runs of ${coldUsers} users`);
      await coldRun('warm', 200);
      const cold = await measure(runs, async (i) => {
        const x = await coldRun(`run${i}`, coldUsers);
        log(line(`cold run ${i}`, x));
        return x;
      });
      // The same for meetings held before: the route looks their room up in LiveKit (a cold
      // warm-up of its own first, as that path has not run yet).
      await coldRun('warm-started', 200, true);
      const coldStarted = await measure(runs, async (i) => {
        const x = await coldRun(`started${i}`, coldUsers, true);
        log(line(`cold run ${i}, meetings held before`, x));
        return x;
      });
      web.stop();
      const sign = await signRate(
        env.LIVEKIT_API_KEY ?? 'devkey',
        env.LIVEKIT_API_SECRET ?? 'secret',
        5,
      );
      log(`AccessToken sign only: ${round(sign, 0)}/s (one core, in-process)`);
      return {
        tokens_per_s: hot.rate,
        p99_ms: hot.p99,
        p50_ms: hot.p50,
        cold_tokens_per_s: cold.rate,
        cold_p99_ms: cold.p99,
        cold_p50_ms: cold.p50,
        web_cpu_ms_per_token: hot.webCpuMs,
        cold_web_cpu_ms_per_token: cold.webCpuMs,
        cold_db_cpu_ms_per_token: cold.dbCpuMs,
        cold_started_tokens_per_s: coldStarted.rate,
        cold_started_p99_ms: coldStarted.p99,
        cold_started_p50_ms: coldStarted.p50,
        cold_started_web_cpu_ms_per_token: coldStarted.webCpuMs,
        sign_only_per_s: round(sign, 0),
        failed_requests: hot.failed + cold.failed,
        runs,
        seconds_per_run: seconds,
        cold_users_per_run: coldUsers,
        connections,
      };
    } finally {
      await server.stop();
      await db.drop();
    }
  },
} satisfies Benchmark;

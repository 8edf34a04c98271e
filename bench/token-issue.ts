// LiveKit token issue under load: POST /api/meetings/:id/token with a valid session, against the
// production build (`web/build`, rebuilt by `pnpm --filter @parley/web build`), 50 keep-alive
// connections for 30 s over loopback, 3 runs (median reported). Also the raw AccessToken sign rate
// in-process, for comparison. Rate limits are raised so they do not distort the figures (the
// Redis round trip per request still happens).
//   pnpm bench token-issue [--seconds 30] [--connections 50] [--runs 3]
import { Agent, request } from 'node:http';
import { createServer } from 'node:net';
import { parseArgs } from 'node:util';
import { devEnv, startNode, waitFor } from '@parley/agent/testing';
import { createTestDatabase } from '@parley/db/testing';
import { AccessToken } from 'livekit-server-sdk';
import { ensureWebBuild } from '@parley/testkit';
import type { Benchmark } from './lib/run.ts';
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

/** `connections` loops, each sending the next request when the previous answer arrived. */
async function load(
  seconds: number,
  connections: number,
  send: (agent: Agent) => Promise<Reply>,
): Promise<{ ok: number; failed: number; latencies: number[]; elapsedMs: number }> {
  const agent = new Agent({ keepAlive: true, maxSockets: connections });
  const latencies: number[] = [];
  let ok = 0;
  let failed = 0;
  const started = performance.now();
  const until = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (performance.now() < until) {
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

export default {
  async run(args, log) {
    const { values } = parseArgs({
      args,
      options: {
        seconds: { type: 'string', default: '30' },
        connections: { type: 'string', default: '50' },
        runs: { type: 'string', default: '3' },
      },
    });
    const seconds = Math.max(1, Number(values.seconds));
    const connections = Math.max(1, Number(values.connections));
    const runs = Math.max(1, Number(values.runs));
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

      const probe = await send(new Agent());
      if (probe.status !== 200)
        throw new Error(`token route answered ${probe.status}: ${probe.body}`);
      log('warming up (3 s)');
      await load(3, connections, send);

      const rates: number[] = [];
      const p99s: number[] = [];
      const p50s: number[] = [];
      let failures = 0;
      for (let i = 1; i <= runs; i++) {
        const r = await load(seconds, connections, send);
        const rate = r.ok / (r.elapsedMs / 1000);
        rates.push(rate);
        p99s.push(quantile(r.latencies, 0.99));
        p50s.push(quantile(r.latencies, 0.5));
        failures += r.failed;
        log(
          `run ${i}: ${round(rate, 0)} tokens/s, p50 ${round(quantile(r.latencies, 0.5), 2)} ms, p99 ${round(quantile(r.latencies, 0.99), 2)} ms, ${r.failed} failed`,
        );
      }
      const sign = await signRate(
        env.LIVEKIT_API_KEY ?? 'devkey',
        env.LIVEKIT_API_SECRET ?? 'secret',
        5,
      );
      log(`AccessToken sign only: ${round(sign, 0)}/s (one core, in-process)`);
      return {
        tokens_per_s: round(median(rates), 0),
        p99_ms: round(median(p99s), 2),
        p50_ms: round(median(p50s), 2),
        sign_only_per_s: round(sign, 0),
        failed_requests: failures,
        runs,
        seconds_per_run: seconds,
        connections,
      };
    } finally {
      await server.stop();
      await db.drop();
    }
  },
} satisfies Benchmark;

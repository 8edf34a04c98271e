/**
 * Fault: Redis unreachable for 30 s in the middle of a meeting (a TCP proxy in front of the shared
 * Redis is cut, then restored). The web app and an agent worker both use Redis through it.
 *
 * Expected (the documented behaviour, deploy/README.md "Failure modes"):
 * - pages and the JSON API are still served; the general API rate limit fails OPEN;
 * - login and sign-up rate limits fail CLOSED: 503 `rate_limiter_unavailable` + Retry-After;
 * - `/readyz` answers 503 naming redis, and 200 again once Redis is back;
 * - the agent keeps transcribing: every published final reaches Postgres once (the Redis spool
 *   is skipped while it is down), and its heartbeat key is written again after the outage.
 */
import { listSegments } from '@parley/db';
import { conversation, fixturesDir, startAgentWorker } from '@parley/agent/testing';
import { startTcpProxy, waitFor, type TcpProxy } from '@parley/testkit';
import { openMeetingRoom, simulateRoomListener } from '@parley/agent/testing/room';
import { simulate } from '@parley/agent';
import { heartbeatKey } from '@parley/protocol';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  call,
  devEnv,
  signupUser,
  startTestServer,
  type TestServer,
} from '../web/src/lib/server/testing/server.ts';

const OUTAGE_MS = 30_000;
const LINES = [
  'We should discuss the revenue growth for the next quarter.',
  'The team is planning to hire three new engineers in the spring.',
  'What is the monthly churn rate for your largest customers?',
  'Our largest customer renewed the contract for two more years.',
  'The product launch moved to the first week of March.',
  'How much money did you raise in the last round?',
  'We need a clear plan for the sales team in Europe.',
  'The gross margin improved by five points this year.',
  'Who is responsible for the security review next week?',
  'I will send the updated budget by Friday afternoon.',
];

let proxy: TcpProxy;
let srv: TestServer;
let redisViaProxy: string;

beforeAll(async () => {
  const real = new URL(devEnv.REDIS_URL ?? 'redis://127.0.0.1:56379');
  proxy = await startTcpProxy(Number(real.port), real.hostname);
  const u = new URL(real);
  u.port = String(proxy.port);
  redisViaProxy = u.toString();
  srv = await startTestServer('fault-redis', {
    REDIS_URL: redisViaProxy,
    RATE_LIMIT_LOGIN_IP: '1000/60',
  });
}, 60_000);

afterAll(async () => {
  await srv?.stop();
  await proxy?.close();
});

describe('fault: Redis down for 30 s', () => {
  it('serves pages, fails the login limit closed and the API limit open, keeps every final, recovers', async () => {
    const lk = {
      url: devEnv.LIVEKIT_URL ?? '',
      apiKey: devEnv.LIVEKIT_API_KEY ?? '',
      apiSecret: devEnv.LIVEKIT_API_SECRET ?? '',
    };
    const talk = await conversation(
      LINES.map((text, i) => ({ text, voice: 'slt' as const, gapMs: i === 0 ? 1_000 : 1_500 })),
      fixturesDir,
      'durability',
    );
    const user = await signupUser(srv.base, 'Outage Olga');
    const agent = await startAgentWorker(
      { ...devEnv, DATABASE_URL: srv.testDb.url, REDIS_URL: redisViaProxy },
      'fault-redis-agent',
    );
    const direct = new Redis(devEnv.REDIS_URL ?? '', {
      lazyConnect: true,
      maxRetriesPerRequest: 1,
    });
    try {
      const meeting = await openMeetingRoom(srv.db, lk, agent.agentName);
      const listener = await simulateRoomListener(lk, meeting.room_name);
      await listener.waitForAgent(30_000);
      const during: Record<string, number | string>[] = [];
      const probeOutage = async () => {
        await new Promise((r) => setTimeout(r, 3_000));
        const login = await call(srv.base, 'POST', '/api/auth/login', {
          json: { email: user.email, password: user.password },
        });
        const ready = await fetch(`${srv.base}/readyz`);
        during.push({
          page: (await fetch(`${srv.base}/login`)).status,
          api: (await call(srv.base, 'GET', '/api/me', { cookie: user.cookie })).status,
          login: login.status,
          loginCode: login.body.error?.code ?? '',
          retryAfter: Number(login.res.headers.get('retry-after') ?? 0),
          ready: ready.status,
          redis: ((await ready.json()) as { checks: Record<string, string> }).checks.redis ?? '',
        });
      };
      let probing: Promise<void> = Promise.resolve();
      const outage = setTimeout(() => {
        proxy.down();
        probing = probeOutage();
        setTimeout(() => proxy.up(), OUTAGE_MS);
      }, 5_000);
      await simulate({
        livekit: lk,
        room: meeting.room_name,
        speakers: [{ identity: 'ann', file: talk.path }],
        tailMs: 2_000,
      });
      clearTimeout(outage);
      await probing;
      proxy.up();

      // During the outage: documented behaviour.
      expect(during).toEqual([
        {
          page: 200,
          api: 200,
          login: 503,
          loginCode: 'rate_limiter_unavailable',
          retryAfter: expect.any(Number) as number,
          ready: 503,
          redis: expect.not.stringMatching(/^ok$/) as string,
        },
      ]);
      expect(during[0]?.retryAfter).toBeGreaterThan(0);

      // After: ready again, login works, the limiter counts again.
      await waitFor(
        'readiness after the outage',
        async () => (await fetch(`${srv.base}/readyz`)).ok,
        15_000,
        250,
      );
      const login = await call(srv.base, 'POST', '/api/auth/login', {
        json: { email: user.email, password: user.password },
      });
      expect(login.status).toBe(200);

      // Nothing lost, nothing duplicated.
      const published = listener.finals.filter((f) => f.identity === 'ann');
      expect(published.length).toBeGreaterThanOrEqual(LINES.length - 2);
      const rows = await waitFor(
        'every published final in Postgres',
        async () => {
          const r = await listSegments(srv.db, meeting.id);
          return r.length >= published.length ? r : null;
        },
        20_000,
        500,
      );
      const ids = rows.map((r) => r.segment_id);
      expect(new Set(ids).size).toBe(ids.length);
      for (const f of published) expect(ids, `segment ${f.segmentId}`).toContain(f.segmentId);
      // Finals spoken during the outage were published too (transcription never stopped).
      expect(agent.output()).toMatch(/segment spool unavailable/);
      // The heartbeat is written again (so the web watchdog sees a live agent), checked directly.
      await direct.connect();
      await waitFor(
        'the agent heartbeat after the outage',
        async () => (await direct.get(heartbeatKey(meeting.room_name))) !== null,
        5_000,
        200,
      );
      await listener.close();
    } finally {
      direct.disconnect();
      await agent.stop();
    }
  }, 120_000);
});

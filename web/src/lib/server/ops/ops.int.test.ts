import { freePort, waitFor } from '@parley/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ORIGIN, loginInTwoParts, startTestServer, type TestServer } from '../testing/server.ts';

let srv: TestServer;
let metricsPort: number;

beforeAll(async () => {
  metricsPort = await freePort();
  srv = await startTestServer('ops', {
    WEB_METRICS_PORT: String(metricsPort),
    SHUTDOWN_TIMEOUT: '10',
  });
}, 60_000);

afterAll(async () => {
  await srv.stop();
});

describe('health, readiness, metrics', () => {
  it('/healthz answers 200 without touching dependencies', async () => {
    const r = await fetch(`${srv.base}/healthz`);
    expect(r.status).toBe(200);
    expect(await r.text()).toBe('ok\n');
  });

  it('pages name their icon and it is served (no 404 in every browser console)', async () => {
    const page = await (await fetch(`${srv.base}/login`)).text();
    const href = /<link rel="icon" href="([^"]+)"/.exec(page)?.[1];
    expect(href).toMatch(/favicon\.svg$/);
    const icon = await fetch(new URL(href ?? '', `${srv.base}/login`));
    expect(icon.status).toBe(200);
    expect(icon.headers.get('content-type')).toMatch(/^image\/svg\+xml/);
    expect(await icon.text()).toMatch(/^<svg /);
  });

  it('/readyz checks Postgres, Redis and LiveKit', async () => {
    const r = await fetch(`${srv.base}/readyz`);
    expect(await r.json()).toEqual({
      status: 'ok',
      checks: { postgres: 'ok', redis: 'ok', livekit: 'ok' },
    });
    expect(r.status).toBe(200);
  });

  it('/metrics is served on WEB_METRICS_PORT only, with bounded route labels', async () => {
    await fetch(`${srv.base}/api/meetings/00000000-0000-0000-0000-000000000000`);
    await fetch(`${srv.base}/healthz`);
    expect((await fetch(`${srv.base}/metrics`)).status).toBe(404);
    const text = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
    expect(text).toMatch(
      /parley_web_http_requests_total\{route="\/healthz",method="GET",status="2xx"\} \d+/,
    );
    expect(text).toContain('route="/api/meetings/[id]"');
    expect(text).not.toContain('00000000-0000');
    expect(text).toMatch(
      /parley_web_http_request_duration_ms_bucket\{route="\/healthz",le="\+Inf"\} \d+/,
    );
    expect(text).toMatch(/parley_web_process_resident_memory_bytes \d+/);
  });

  it('/readyz is 503 naming Redis when Redis is unreachable (pages still served)', async () => {
    const dead = await freePort();
    const s = await startTestServer('ops-noredis', { REDIS_URL: `redis://127.0.0.1:${dead}` });
    try {
      const r = await fetch(`${s.base}/readyz`);
      expect(r.status).toBe(503);
      const body = (await r.json()) as { checks: Record<string, string> };
      expect(body.checks.postgres).toBe('ok');
      expect(body.checks.redis).not.toBe('ok');
      expect(JSON.stringify(body)).not.toContain(String(dead));
      expect((await fetch(`${s.base}/login`)).status).toBe(200);
    } finally {
      await s.stop();
    }
  }, 60_000);
});

describe('graceful shutdown', () => {
  it('SIGTERM: an in-flight request finishes, new connections are refused, the process exits 0', async () => {
    const s = await startTestServer('ops-shutdown', { SHUTDOWN_TIMEOUT: '10' });
    try {
      // Headers and half of the body now; the rest after SIGTERM.
      const inFlight = loginInTwoParts(`${s.base}/api/auth/login`, ORIGIN, () =>
        s.proc.child.kill('SIGTERM'),
      );
      const exited = new Promise<number | null>((r) =>
        s.proc.child.once('exit', (code) => r(code)),
      );
      await waitFor(
        'the shutdown log line',
        () => s.proc.output().includes('shutdown requested'),
        5_000,
        20,
      );
      await expect(fetch(`${s.base}/healthz`)).rejects.toThrow();
      const done = await inFlight;
      expect(done, done.text).toMatchObject({ status: 401 });
      expect(done.text).toContain('invalid_credentials');
      expect(await exited).toBe(0);
      const lines = s.proc
        .output()
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => JSON.parse(l) as { level: string; msg: string; service: string });
      expect(lines.map((l) => l.msg)).toEqual(
        expect.arrayContaining([
          'shutdown requested: finishing in-flight requests',
          'http server closed',
        ]),
      );
    } finally {
      await s.stop();
    }
  }, 60_000);
});

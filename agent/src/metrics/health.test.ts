import { mkdtempSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { serveMetrics, workerReadiness, type Readiness } from './index.ts';

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

async function listen(s: Server): Promise<string> {
  servers.push(s);
  await new Promise<void>((r) => s.once('listening', r));
  return `http://127.0.0.1:${(s.address() as AddressInfo).port}`;
}

/** A stand-in for the LiveKit Agents worker's health endpoint. */
async function workerHealth(status: number): Promise<string> {
  const s = createServer((_, res) => res.writeHead(status).end());
  s.listen(0, '127.0.0.1');
  return `${await listen(s)}/`;
}

describe('agent health endpoints', () => {
  it('/healthz is 200; /readyz follows the readiness probe', async () => {
    let ready: Readiness = { ok: true, checks: { livekit: 'ok' } };
    const dir = mkdtempSync(join(tmpdir(), 'parley-health-'));
    const base = await listen(
      serveMetrics(dir, 0, '127.0.0.1', { readiness: () => Promise.resolve(ready) }),
    );
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    let r = await fetch(`${base}/readyz`);
    expect(r.status).toBe(200);
    expect(await r.json()).toEqual({ status: 'ok', checks: { livekit: 'ok' } });
    ready = { ok: false, checks: { livekit: 'not_connected' } };
    r = await fetch(`${base}/readyz`);
    expect(r.status).toBe(503);
    expect(await r.json()).toEqual({ status: 'unavailable', checks: { livekit: 'not_connected' } });
  });

  it('a probe that throws reads as not ready, not as a crash', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'parley-health-'));
    const base = await listen(
      serveMetrics(dir, 0, '127.0.0.1', { readiness: () => Promise.reject(new Error('boom')) }),
    );
    expect((await fetch(`${base}/readyz`)).status).toBe(503);
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
  });

  it('workerReadiness: draining or a disconnected worker is not ready', async () => {
    const up = await workerHealth(200);
    const down = await workerHealth(503);
    expect(await workerReadiness(false, up)).toEqual({
      ok: true,
      checks: { draining: 'ok', livekit: 'ok' },
    });
    expect((await workerReadiness(true, up)).checks.draining).toBe('draining');
    expect((await workerReadiness(true, up)).ok).toBe(false);
    expect(await workerReadiness(false, down)).toMatchObject({
      ok: false,
      checks: { livekit: 'not_connected' },
    });
    expect(await workerReadiness(false, 'http://127.0.0.1:1/')).toMatchObject({
      ok: false,
      checks: { livekit: 'unreachable' },
    });
    expect(await workerReadiness(false, null)).toEqual({ ok: true, checks: { draining: 'ok' } });
  });
});

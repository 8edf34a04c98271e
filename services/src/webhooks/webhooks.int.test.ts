// Outgoing webhooks on the real Postgres and Redis with a real local receiver: signatures (and
// both during a rotation), retries with backoff, an outage, timeouts and slow endpoints that do
// not hold up others, redirects to a private address, the SSRF guard, auto-disable, the sweep.
import { randomUUID } from 'node:crypto';
import {
  createMeeting,
  createTeam,
  createUser,
  createWebhookEndpoint,
  findWebhookEndpoint,
  insertWebhookDeliveries,
  listWebhookDeliveries,
  rotateWebhookSecret,
  type Db,
} from '@parley/db';
import { createTestDatabase, type TestDatabase } from '@parley/db/testing';
import { devEnv, queuePrefixFor, waitFor } from '@parley/testkit';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { outboundRequest, parseNetworks } from '../outbound/index.ts';
import { startWebhookReceiver, type WebhookReceiver } from './testing/receiver.ts';
import {
  emitWebhookEvent,
  generateWebhookSecret,
  startWebhookWorker,
  type WebhookEnvelope,
  type WebhookWorker,
} from './index.ts';

const env = devEnv();
let t: TestDatabase;
let db: Db;
let rx: WebhookReceiver;
let w: WebhookWorker;
let teamId: string;
let meetingId: string;
const allowed = parseNetworks('127.0.0.1/32');

beforeAll(async () => {
  t = await createTestDatabase(env.DATABASE_URL ?? '');
  db = t.db;
  rx = await startWebhookReceiver();
  const u = await createUser(db, {
    email: `w-${randomUUID()}@example.com`,
    name: 'W',
    passwordHash: 'x',
  });
  if (!u || !allowed.ok) throw new Error('setup');
  teamId = (await createTeam(db, { name: 'Hooks', ownerId: u.id })).id;
  meetingId = (await createMeeting(db, { title: 'Q4', type: 'general', ownerId: u.id, teamId })).id;
  w = startWebhookWorker(db, {
    redisUrl: env.REDIS_URL ?? '',
    prefix: `${queuePrefixFor(t.url)}-${randomUUID().slice(0, 8)}`,
    concurrency: 8,
    perEndpoint: 2,
    attempts: 3,
    backoffMs: 200,
    timeoutMs: 800,
    disableAfter: 3,
    policy: { allowed: allowed.list },
    sweepMs: 200,
    requeueAfterMs: 60_000,
  });
});

afterAll(async () => {
  await w?.close();
  await rx?.close();
  await t?.drop();
});

beforeEach(() => {
  rx.reply(() => ({ status: 204 }));
});

async function endpoint(path: string, events = ['meeting.ended']) {
  const secret = generateWebhookSecret();
  rx.secrets.add(secret);
  const e = await createWebhookEndpoint(db, {
    teamId,
    url: rx.url(path),
    description: path,
    events,
    secret,
    createdBy: null,
  });
  return e;
}

const emit = (type: 'meeting.ended' | 'meeting.started' = 'meeting.ended') =>
  emitWebhookEvent(db, { type, meetingId, key: `${type}:${randomUUID()}` }, { queue: w.queue });

async function deliveries(endpointId: string) {
  return listWebhookDeliveries(db, endpointId);
}

async function settled(endpointId: string, n = 1) {
  await waitFor(
    'deliveries settled',
    async () => (await deliveries(endpointId)).filter((d) => d.status !== 'pending').length >= n,
    10_000,
    50,
  );
  return deliveries(endpointId);
}

describe('outgoing webhooks', () => {
  it('delivers a signed, versioned payload once, only to subscribed endpoints', async () => {
    const e = await endpoint('/ok');
    const other = await endpoint('/started-only', ['meeting.started']);
    expect(await emit()).toBe(1);
    const [d] = await settled(e.id);
    expect(d?.status).toBe('delivered');
    const got = rx.received.get(d?.id ?? '');
    expect(got?.signed).toBe(true);
    expect(got?.signatures).toBe(1);
    const body = JSON.parse(got?.body ?? '{}') as WebhookEnvelope;
    expect(body).toMatchObject({
      type: 'meeting.ended',
      version: 1,
      data: { meeting: { id: meetingId, title: 'Q4' } },
    });
    expect(await deliveries(other.id)).toHaveLength(0);
    // The same event reported twice (web and agent) is one delivery.
    const key = `meeting.ended:${randomUUID()}`;
    await emitWebhookEvent(db, { type: 'meeting.ended', meetingId, key }, { queue: w.queue });
    await emitWebhookEvent(db, { type: 'meeting.ended', meetingId, key }, { queue: w.queue });
    expect(await settled(e.id, 2)).toHaveLength(2);
  });

  it('a tampered body or a wrong secret does not verify', async () => {
    const e = await endpoint('/tamper');
    rx.secrets.delete(e.secret);
    await emit();
    const [d] = await settled(e.id);
    expect(rx.received.get(d?.id ?? '')?.signed).toBe(false);
    rx.secrets.add(e.secret);
  });

  it('signs with both secrets during a rotation', async () => {
    const e = await endpoint('/rotate');
    const next = generateWebhookSecret();
    await rotateWebhookSecret(db, teamId, e.id, next, new Date(Date.now() + 60_000));
    rx.secrets.delete(e.secret);
    rx.secrets.add(next);
    await emit();
    const [d] = await settled(e.id);
    const got = rx.received.get(d?.id ?? '');
    expect(got?.signatures).toBe(2);
    expect(got?.signed).toBe(true);
  });

  it('retries a failing endpoint with backoff and delivers once it answers', async () => {
    const e = await endpoint('/flaky');
    let n = 0;
    rx.reply((r) => (r.path === '/flaky' && ++n <= 2 ? { status: 500 } : { status: 204 }));
    await emit();
    const [d] = await settled(e.id);
    expect(d).toMatchObject({ status: 'delivered', attempts: 3 });
    const times = rx.requests.filter((r) => r.id === d?.id).map((r) => r.at);
    expect(times).toHaveLength(3);
    // Exponential: ~200 ms then ~400 ms (±20 % jitter).
    expect((times[2] ?? 0) - (times[1] ?? 0)).toBeGreaterThan((times[1] ?? 0) - (times[0] ?? 0));
    expect(rx.duplicates()).toBe(0);
  });

  it('an outage of the receiver loses nothing and duplicates nothing', async () => {
    const e = await endpoint('/outage');
    await rx.stop();
    for (let i = 0; i < 5; i++) await emit();
    await new Promise((r) => setTimeout(r, 300));
    await rx.start();
    const ds = await settled(e.id, 5);
    expect(ds.every((d) => d.status === 'delivered')).toBe(true);
    expect(ds.every((d) => rx.received.has(d.id))).toBe(true);
    expect(rx.duplicates()).toBe(0);
  });

  it('times out a hanging endpoint without holding up another', async () => {
    const slow = await endpoint('/hang');
    const fast = await endpoint('/fast');
    rx.reply((r) => (r.path === '/hang' ? 'hang' : { status: 204 }));
    const t0 = Date.now();
    await emit();
    const [f] = await settled(fast.id);
    expect(f?.status).toBe('delivered');
    expect(Date.now() - t0).toBeLessThan(700);
    const [s] = await settled(slow.id);
    expect(s).toMatchObject({ status: 'failed', attempts: 3, last_error: 'timeout' });
  });

  it('holds at most its share of deliveries open to one slow endpoint, without delaying others', async () => {
    const busy = await endpoint('/busy');
    const other = await endpoint('/other');
    rx.reply((r) => (r.path === '/busy' ? { status: 204, delayMs: 400 } : { status: 204 }));
    const t0 = Date.now();
    for (let i = 0; i < 6; i++) await emit();
    const others = await settled(other.id, 6);
    expect(others.every((d) => d.status === 'delivered')).toBe(true);
    expect(Date.now() - t0).toBeLessThan(1_000);
    const busied = await settled(busy.id, 6);
    expect(busied.every((d) => d.status === 'delivered' && d.attempts === 1)).toBe(true);
    // 8 worker slots, 2 per endpoint: never more than 2 at once to /busy (6 without the cap).
    expect(rx.maxInFlight('/busy')).toBe(2);
  });

  it('refuses a redirect to a private or metadata address, without retrying', async () => {
    const e = await endpoint('/redirect');
    rx.reply((r) =>
      r.path === '/redirect'
        ? { status: 307, location: 'http://169.254.169.254/latest/meta-data/' }
        : { status: 204 },
    );
    await emit();
    const [d] = await settled(e.id);
    expect(d).toMatchObject({ status: 'failed', attempts: 1, last_error: 'blocked_address' });
  });

  it('refuses loopback without the allow list, by address and by name (the SSRF guard)', async () => {
    const before = rx.requests.length;
    const port = rx.port;
    for (const url of [
      `http://127.0.0.1:${port}/guarded`,
      `http://localhost:${port}/guarded`,
      `http://[::ffff:127.0.0.1]:${port}/guarded`,
      `http://[::1]:${port}/guarded`,
    ]) {
      await expect(
        outboundRequest(url, { timeoutMs: 800, policy: { allowed: null } }),
      ).rejects.toMatchObject({
        code: 'blocked_address',
      });
    }
    expect(rx.requests.length).toBe(before);
    const ok = await outboundRequest(`http://127.0.0.1:${port}/guarded`, {
      timeoutMs: 800,
      policy: { allowed: allowed.ok ? allowed.list : null },
    });
    expect(ok.status).toBe(204);
  });

  it('turns an endpoint off after repeated failures', async () => {
    const e = await endpoint('/down');
    rx.reply((r) => (r.path === '/down' ? { status: 500 } : { status: 204 }));
    for (let i = 0; i < 3; i++) await emit();
    await settled(e.id, 3);
    const after = await findWebhookEndpoint(db, teamId, e.id);
    expect(after).toMatchObject({ enabled: false, disabled_reason: 'failing' });
    // Disabled: a new event is not even recorded for it.
    await emit();
    expect(await deliveries(e.id)).toHaveLength(3);
  });

  it('the sweep queues deliveries written without a queue', async () => {
    const e = await endpoint('/swept');
    await emitWebhookEvent(db, { type: 'meeting.ended', meetingId, key: randomUUID() });
    const [d] = await settled(e.id);
    expect(d?.status).toBe('delivered');
    // A hand-written row (e.g. Redis was down for the producer) is taken too.
    await insertWebhookDeliveries(db, [
      {
        endpointId: e.id,
        meetingId,
        eventKey: randomUUID(),
        eventType: 'meeting.ended',
        payload: {},
        queued: false,
      },
    ]);
    expect(await settled(e.id, 2)).toHaveLength(2);
  });
});

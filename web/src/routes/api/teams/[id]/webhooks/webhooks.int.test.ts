/**
 * Integration: a team's outgoing webhooks through the built web server, Postgres, Redis, the
 * delivery worker (as the agent runs it) and a real local receiver: who may manage endpoints, bad
 * input, the SSRF check at creation, meeting events signed and delivered, the delivery log,
 * redelivery (same message id), secret rotation (both signatures), and turning an endpoint off.
 */
import { randomUUID } from 'node:crypto';
import { queuePrefixFor, waitFor } from '@parley/testkit';
import { startWebhookReceiver, type WebhookReceiver } from '@parley/services/testing';
import { startWebhookWorker, type WebhookWorker } from '@parley/services/webhooks';
import { parseNetworks } from '@parley/services/outbound';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  call,
  devEnv,
  postSignedWebhook,
  signupUser,
  startTestServer,
  type Caller,
  type TestServer,
} from '#lib/server/testing/server.ts';

let s: TestServer;
let rx: WebhookReceiver;
let worker: WebhookWorker;
let owner: Caller;
let member: Caller;
let stranger: Caller;
let teamId: string;
const api = (method: string, path: string, opts: Parameters<typeof call>[3] = {}) =>
  call(s.base, method, path, opts);

beforeAll(async () => {
  s = await startTestServer('web-webhooks', {
    OUTBOUND_ALLOWED_NETWORKS: '127.0.0.1/32',
    WEBHOOK_BACKOFF_MS: '200',
    WEBHOOK_ATTEMPTS: '2',
  });
  rx = await startWebhookReceiver();
  const allowed = parseNetworks('127.0.0.1/32');
  worker = startWebhookWorker(s.db, {
    redisUrl: devEnv.REDIS_URL ?? '',
    prefix: queuePrefixFor(s.testDb.url),
    concurrency: 4,
    perEndpoint: 2,
    attempts: 2,
    backoffMs: 200,
    timeoutMs: 1_000,
    disableAfter: 5,
    policy: { allowed: allowed.ok ? allowed.list : null },
    sweepMs: 200,
    requeueAfterMs: 60_000,
  });
  owner = await signupUser(s.base, 'Owner');
  member = await signupUser(s.base, 'Member');
  stranger = await signupUser(s.base, 'Stranger');
  const t = await api('POST', '/api/teams', { ...owner, json: { name: 'Hooks' } });
  teamId = (t.body.team as { id: string }).id;
  const inv = await api('POST', `/api/teams/${teamId}/invites`, {
    ...owner,
    json: { role: 'member' },
  });
  await api('POST', '/api/invites/accept', { ...member, json: { token: String(inv.body.token) } });
}, 60_000);

afterAll(async () => {
  await worker?.close();
  await rx?.close();
  await s?.stop();
});

const hooks = () => `/api/teams/${teamId}/webhooks`;

async function addEndpoint(path: string, events = ['meeting.started', 'meeting.ended']) {
  const r = await api('POST', hooks(), { ...owner, json: { url: rx.url(path), events } });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  const secret = String(r.body.secret);
  expect(secret).toMatch(/^whsec_/);
  rx.secrets.add(secret);
  return { id: (r.body.endpoint as { id: string }).id, secret };
}

async function meeting() {
  const r = await api('POST', '/api/meetings', {
    ...owner,
    json: { title: 'Weekly', type: 'general', teamId },
  });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body.meeting as { id: string; roomName: string };
}

interface Delivery {
  id: string;
  eventType: string;
  status: string;
  attempts: number;
  lastError: string | null;
}

async function deliveries(endpointId: string): Promise<Delivery[]> {
  const r = await api('GET', `${hooks()}/${endpointId}/deliveries`, owner);
  expect(r.status).toBe(200);
  return r.body.deliveries as Delivery[];
}

async function settled(endpointId: string, n: number): Promise<Delivery[]> {
  let list: Delivery[] = [];
  await waitFor(
    `${n} settled deliveries`,
    async () => {
      list = await deliveries(endpointId);
      return list.filter((d) => d.status !== 'pending').length >= n;
    },
    10_000,
    100,
  );
  return list;
}

describe('team webhooks API', () => {
  it('only owners and admins manage endpoints; strangers see no team', async () => {
    expect((await api('GET', hooks(), owner)).status).toBe(200);
    expect((await api('GET', hooks(), member)).status).toBe(403);
    expect((await api('GET', hooks(), stranger)).status).toBe(404);
    expect((await api('GET', hooks())).status).toBe(401);
    const r = await api('POST', hooks(), {
      ...member,
      json: { url: rx.url(), events: ['meeting.ended'] },
    });
    expect(r.status).toBe(403);
  });

  it('bad input names the field; private and metadata addresses are refused', async () => {
    const bad = async (json: unknown, field: string) => {
      const r = await api('POST', hooks(), { ...owner, json });
      expect([400, 422], JSON.stringify(r.body)).toContain(r.status);
      expect(Object.keys(r.body.error?.fields ?? {}), JSON.stringify(r.body)).toContain(field);
    };
    await bad({ url: 'ftp://example.com/x', events: ['meeting.ended'] }, 'url');
    await bad({ url: 'http://169.254.169.254/latest', events: ['meeting.ended'] }, 'url');
    await bad({ url: 'http://10.1.2.3/hook', events: ['meeting.ended'] }, 'url');
    await bad({ url: 'http://user:pw@127.0.0.1/hook', events: ['meeting.ended'] }, 'url');
    await bad({ url: rx.url(), events: [] }, 'events');
    await bad({ url: rx.url(), events: ['meeting.exploded'] }, 'events');
    const unknown = await api('PATCH', `${hooks()}/${randomUUID()}`, {
      ...owner,
      json: { enabled: false },
    });
    expect(unknown.status).toBe(404);
  });

  it('delivers signed meeting.started and meeting.ended once, with a log and redelivery', async () => {
    const ep = await addEndpoint('/meetings');
    const m = await meeting();
    const started = {
      event: 'room_started',
      id: `EV_${randomUUID()}`,
      room: { name: m.roomName },
      createdAt: String(Math.floor(Date.now() / 1000)),
    };
    expect(await postSignedWebhook(s.base, started)).toBe(200);
    expect((await api('POST', `/api/meetings/${m.id}/end`, owner)).status).toBe(200);
    // LiveKit's room_finished reports the same end: still one meeting.ended.
    const finished = {
      event: 'room_finished',
      id: `EV_${randomUUID()}`,
      room: { name: m.roomName },
      createdAt: String(Math.floor(Date.now() / 1000)),
    };
    expect(await postSignedWebhook(s.base, finished)).toBe(200);
    const list = await settled(ep.id, 2);
    expect(list.map((d) => d.eventType).sort()).toEqual(['meeting.ended', 'meeting.started']);
    expect(list.every((d) => d.status === 'delivered')).toBe(true);
    for (const d of list) {
      const got = rx.received.get(d.id);
      expect(got?.signed).toBe(true);
      expect(JSON.parse(got?.body ?? '{}')).toMatchObject({
        version: 1,
        data: { meeting: { id: m.id } },
      });
    }
    // Redeliver: the same message id again, freshly signed.
    const first = list[0] as Delivery;
    const before = rx.requests.filter((r) => r.id === first.id).length;
    const re = await api('POST', `${hooks()}/${ep.id}/deliveries/${first.id}/redeliver`, owner);
    expect(re.status, JSON.stringify(re.body)).toBe(202);
    await waitFor(
      'redelivery',
      () => Promise.resolve(rx.requests.filter((r) => r.id === first.id).length > before),
      10_000,
      50,
    );
    expect(rx.requests.filter((r) => r.id === first.id).every((r) => r.signed)).toBe(true);
    expect(
      (await api('POST', `${hooks()}/${ep.id}/deliveries/${randomUUID()}/redeliver`, owner)).status,
    ).toBe(404);
    await api('DELETE', `${hooks()}/${ep.id}`, owner);
  });

  it('rotation: the new secret is returned once and both sign during the grace period', async () => {
    const ep = await addEndpoint('/rotated', ['meeting.ended']);
    const r = await api('POST', `${hooks()}/${ep.id}/rotate`, owner);
    expect(r.status).toBe(200);
    const next = String(r.body.secret);
    expect(next).not.toBe(ep.secret);
    expect(
      (r.body.endpoint as { previousSecretExpiresAt: string | null }).previousSecretExpiresAt,
    ).not.toBeNull();
    rx.secrets.delete(ep.secret);
    rx.secrets.add(next);
    const m = await meeting();
    await api('POST', `/api/meetings/${m.id}/end`, owner);
    const [d] = await settled(ep.id, 1);
    expect(rx.received.get(d?.id ?? '')?.signatures).toBe(2);
    expect(rx.received.get(d?.id ?? '')?.signed).toBe(true);
    // The listing never shows a secret.
    expect(JSON.stringify((await api('GET', hooks(), owner)).body)).not.toContain('whsec_');
    await api('DELETE', `${hooks()}/${ep.id}`, owner);
  });

  it('a disabled endpoint gets nothing and cannot be redelivered to until enabled', async () => {
    const ep = await addEndpoint('/off', ['meeting.ended']);
    const off = await api('PATCH', `${hooks()}/${ep.id}`, { ...owner, json: { enabled: false } });
    expect(off.body.endpoint).toMatchObject({ enabled: false, disabledReason: 'manual' });
    const m = await meeting();
    await api('POST', `/api/meetings/${m.id}/end`, owner);
    await new Promise((r) => setTimeout(r, 500));
    expect(await deliveries(ep.id)).toHaveLength(0);
    const on = await api('PATCH', `${hooks()}/${ep.id}`, { ...owner, json: { enabled: true } });
    expect(on.body.endpoint).toMatchObject({
      enabled: true,
      disabledReason: null,
      failureStreak: 0,
    });
  });
});

/**
 * Integration: calendars through the built web server and Postgres — an .ics upload becomes
 * scheduled meetings, updated and cancelled by later uploads; bad files are refused clearly; a
 * feed on a local server (allowed explicitly) is subscribed to and followed, a private address or
 * a redirect to one is refused; every meeting offers an .ics invite to those who may see it.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, signupUser, startTestServer, type TestServer } from '#lib/server/testing/server.ts';

let s: TestServer;
let feedServer: Server;
let feedPort: number;
let feed = '';
let cookie: string;
let stranger: string;

const ics = (...events: string[][]) =>
  ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//t//EN', ...events.flat(), 'END:VCALENDAR', ''].join(
    '\r\n',
  );
const ev = (uid: string, title: string, start: Date, ...more: string[]) => [
  'BEGIN:VEVENT',
  `UID:${uid}`,
  'DTSTAMP:20261201T000000Z',
  `DTSTART:${start
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '')}`,
  `SUMMARY:${title}`,
  ...more,
  'END:VEVENT',
];
const inDays = (d: number) => new Date(Math.floor(Date.now() / 60_000) * 60_000 + d * 86_400_000);

async function upload(body: string, type = 'text/calendar') {
  return call(s.base, 'POST', '/api/calendar/import', {
    cookie,
    body,
    headers: { 'content-type': type },
  });
}

async function scheduled(c = cookie) {
  const r = await call(s.base, 'GET', '/api/meetings?limit=100', { cookie: c });
  return (
    r.body.items as { id: string; title: string; scheduledAt: string | null; status: string }[]
  ).filter((m) => m.status === 'scheduled');
}

beforeAll(async () => {
  s = await startTestServer('web-calendar', {
    OUTBOUND_ALLOWED_NETWORKS: '127.0.0.1/32',
    CALENDAR_POLL_MINUTES: '0',
  });
  cookie = (await signupUser(s.base, 'Cal')).cookie;
  stranger = (await signupUser(s.base, 'Other')).cookie;
  feedServer = createServer((req, res) => {
    if (req.url === '/redirect') {
      res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data' }).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'text/calendar' }).end(feed);
  });
  await new Promise<void>((r) => feedServer.listen(0, '127.0.0.1', r));
  feedPort = (feedServer.address() as AddressInfo).port;
}, 60_000);

afterAll(async () => {
  feedServer?.close();
  await s?.stop();
});

describe('calendar import', () => {
  it('creates, updates and cancels scheduled meetings from uploads', async () => {
    const r1 = await upload(
      ics(ev('one@cal', 'Kick-off', inDays(2)), ev('two@cal', 'Demo', inDays(3))),
    );
    expect(r1.status, JSON.stringify(r1.body)).toBe(200);
    expect(r1.body).toMatchObject({ created: 2, updated: 0, cancelled: 0 });
    expect((await scheduled()).map((m) => m.title).sort()).toEqual(['Demo', 'Kick-off']);
    // The same file again changes nothing new; a later version moves one and cancels the other.
    expect((await upload(ics(ev('one@cal', 'Kick-off', inDays(2))))).body).toMatchObject({
      created: 0,
    });
    const r2 = await upload(
      ics(
        ev('one@cal', 'Kick-off (moved)', inDays(4), 'SEQUENCE:1'),
        ev('two@cal', 'Demo', inDays(3), 'STATUS:CANCELLED'),
      ),
    );
    expect(r2.body).toMatchObject({ created: 0, updated: 1, cancelled: 1 });
    const now = await scheduled();
    expect(now.map((m) => [m.title, m.scheduledAt])).toEqual([
      ['Kick-off (moved)', inDays(4).toISOString()],
    ]);
    // Another user's import never touches these.
    expect(await scheduled(stranger)).toEqual([]);
  });

  it('refuses bad files clearly, and bounds hostile ones', async () => {
    expect((await upload('not a calendar')).status).toBe(422);
    expect((await upload(ics(ev('x', 'x', inDays(1))), 'application/json')).status).toBe(415);
    expect((await upload('X'.repeat(1024 * 1024 + 10))).status).toBe(413);
    const hostile = await upload(
      ics(ev('storm@cal', 'Storm', new Date('1970-01-01T00:00:00Z'), 'RRULE:FREQ=SECONDLY')),
    );
    expect(hostile.status).toBe(200);
    expect(hostile.body.problems).toEqual(['recurrence_too_long:storm@cal']);
    const bad = await call(s.base, 'POST', `/api/calendar/import?teamId=${crypto.randomUUID()}`, {
      cookie,
      body: ics(ev('t@cal', 'T', inDays(1))),
      headers: { 'content-type': 'text/calendar' },
    });
    expect(bad.status).toBe(404);
  });
});

describe('calendar subscriptions', () => {
  it('follows a feed: new events, then events gone from it are cancelled', async () => {
    feed = ics(
      ev('feed-a', 'Feed A', inDays(5), 'ATTENDEE:mailto:ann@example.com'),
      ev('feed-b', 'Feed B', inDays(6)),
    );
    const r = await call(s.base, 'POST', '/api/calendar/subscriptions', {
      cookie,
      json: { url: `http://127.0.0.1:${feedPort}/cal.ics` },
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    const sub = r.body.subscription as { id: string; lastError: string | null };
    expect(sub.lastError).toBeNull();
    expect((await scheduled()).map((m) => m.title)).toEqual(
      expect.arrayContaining(['Feed A', 'Feed B']),
    );
    const feedA = (await scheduled()).find((m) => m.title === 'Feed A')?.id ?? '';
    const invited = async () =>
      (
        (await call(s.base, 'GET', `/api/meetings/${feedA}/invitation`, { cookie })).body
          .invitees as { email: string }[]
      ).map((i) => i.email);
    expect(await invited()).toEqual(['ann@example.com']);
    // The next poll: an attendee replaced, one event gone, one new.
    feed = ics(
      ev('feed-a', 'Feed A', inDays(5), 'SEQUENCE:1', 'ATTENDEE:mailto:ben@example.com'),
      ev('feed-c', 'Feed C', inDays(7)),
    );
    const sync = await call(s.base, 'POST', `/api/calendar/subscriptions/${sub.id}/sync`, {
      cookie,
    });
    expect(sync.status).toBe(200);
    const titles = (await scheduled()).map((m) => m.title).filter((t) => t.startsWith('Feed'));
    expect(titles.sort()).toEqual(['Feed A', 'Feed C']);
    expect(await invited()).toEqual(['ben@example.com']);
    const other = await call(s.base, 'POST', `/api/calendar/subscriptions/${sub.id}/sync`, {
      cookie: stranger,
    });
    expect(other.status).toBe(404);
    expect(
      (await call(s.base, 'GET', '/api/calendar/subscriptions', { cookie })).body.subscriptions,
    ).toHaveLength(1);
  });

  it('refuses private addresses, and records a redirect to one', async () => {
    for (const url of [
      'http://169.254.169.254/latest',
      'http://10.0.0.1/cal.ics',
      'ftp://127.0.0.1/x',
    ]) {
      const r = await call(s.base, 'POST', '/api/calendar/subscriptions', {
        cookie,
        json: { url },
      });
      expect(r.status, url).toBe(422);
      expect(r.body.error?.fields?.url, url).toBeDefined();
    }
    const r = await call(s.base, 'POST', '/api/calendar/subscriptions', {
      cookie,
      json: { url: `http://127.0.0.1:${feedPort}/redirect` },
    });
    expect(r.status).toBe(201);
    expect(r.body.subscription).toMatchObject({ lastError: 'blocked_address' });
  });
});

describe('meeting invite', () => {
  it('downloads an .ics with the join link, only for those who may see the meeting', async () => {
    const m = await call(s.base, 'POST', '/api/meetings', {
      cookie,
      json: { title: 'Invite me', type: 'general', scheduledAt: inDays(1).toISOString() },
    });
    const id = (m.body.meeting as { id: string }).id;
    const res = await fetch(`${s.base}/api/meetings/${id}/invite.ics`, { headers: { cookie } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/calendar');
    const body = (await res.text()).replace(/\r\n /g, '');
    expect(body).toContain('SUMMARY:Invite me');
    expect(body).toContain(`/meetings/${id}/room`);
    const foreign = await fetch(`${s.base}/api/meetings/${id}/invite.ics`, {
      headers: { cookie: stranger },
    });
    expect(foreign.status).toBe(404);
  });
});

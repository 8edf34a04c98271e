/**
 * Integration: what an imported event says beyond its time, through the built server, Postgres,
 * Redis and a private Mailpit — attendees matched to the members who may see the meeting (never
 * anyone else), kept current by re-imports; the event's link; a re-imported Parley invite
 * attached to its meeting instead of copied; and the invite emailed (METHOD:REQUEST part plus an
 * invite.ics attachment) with its refusals: foreign 404, member 403, bad address 422, mail
 * server down 502, over the rate limit 429; and a team invite link emailed, which a newcomer
 * without an account follows through sign-up into the team.
 */
import type { ApiMeetingInvitation } from '@parley/protocol';
import { startMailpit, waitFor, type Mailpit } from '@parley/testkit';
import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cookieOf } from '#lib/server/testing/api-server.ts';
import {
  ORIGIN,
  call,
  postForm,
  signupUser,
  startTestServer,
  type TestServer,
} from '#lib/server/testing/server.ts';

type User = Awaited<ReturnType<typeof signupUser>>;
let s: TestServer;
let mailpit: Mailpit;
let owner: User;
let member: User;
let outsider: User;
let teamId: string;

const stamp = (d: Date) =>
  d
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
const inDays = (d: number) => new Date(Math.floor(Date.now() / 60_000) * 60_000 + d * 86_400_000);
const ics = (uid: string, ...props: string[]) =>
  [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//t//EN',
    'BEGIN:VEVENT',
    `UID:${uid}`,
    'DTSTAMP:20261201T000000Z',
    `DTSTART:${stamp(inDays(2))}`,
    ...props,
    'END:VEVENT',
    'END:VCALENDAR',
    '',
  ].join('\r\n');

const api = (method: string, path: string, opts: Parameters<typeof call>[3] = {}) =>
  call(s.base, method, path, opts);
const upload = (who: User, body: string, team?: string) =>
  api('POST', `/api/calendar/import${team ? `?teamId=${team}` : ''}`, {
    cookie: who.cookie,
    body,
    headers: { 'content-type': 'text/calendar' },
  });
const invitation = async (who: User, id: string) => {
  const r = await api('GET', `/api/meetings/${id}/invitation`, { cookie: who.cookie });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body as unknown as ApiMeetingInvitation;
};
const meetingsOf = async (who: User) =>
  (await api('GET', '/api/meetings?limit=100', { cookie: who.cookie })).body.items as {
    id: string;
    title: string;
  }[];
const byTitle = async (who: User, title: string) => {
  const m = (await meetingsOf(who)).find((x) => x.title === title);
  if (!m) throw new Error(`no meeting ${title}`);
  return m.id;
};

beforeAll(async () => {
  mailpit = await startMailpit({ allowedRecipients: '@example\\.com$' });
  s = await startTestServer('web-invitation', {
    SMTP_URL: mailpit.smtpUrl,
    MAIL_FROM: 'Parley <parley@example.com>',
    RATE_LIMIT_INVITE_EMAIL: '6/3600',
    CALENDAR_POLL_MINUTES: '0',
  });
  owner = await signupUser(s.base, 'Ada Lovelace');
  member = await signupUser(s.base, 'Grace Member');
  outsider = await signupUser(s.base, 'Olive Outsider');
  const t = await api('POST', '/api/teams', { cookie: owner.cookie, json: { name: 'Acme' } });
  teamId = (t.body.team as { id: string }).id;
  const inv = await api('POST', `/api/teams/${teamId}/invites`, {
    cookie: owner.cookie,
    json: { role: 'member' },
  });
  const acc = await api('POST', '/api/invites/accept', {
    cookie: member.cookie,
    json: { token: inv.body.token },
  });
  expect(acc.status).toBe(200);
}, 90_000);

afterAll(async () => {
  await s?.stop();
  await mailpit?.stop();
});

describe('imported attendees and links', () => {
  it('matches attendees to members who may see the meeting and follows re-imports', async () => {
    const r = await upload(
      owner,
      ics(
        'team@cal',
        'SUMMARY:Team sync',
        `ORGANIZER;CN=Ada:mailto:${owner.email}`,
        `ATTENDEE:mailto:${member.email.toUpperCase()}`,
        `ATTENDEE:mailto:${outsider.email}`,
        'ATTENDEE:mailto:bob@example.com',
        'LOCATION:Room 1 / https://meet.example/abc-def',
      ),
      teamId,
    );
    expect(r.body).toMatchObject({ created: 1, attached: 0 });
    const id = await byTitle(owner, 'Team sync');
    const view = await invitation(member, id);
    expect(view.eventUrl).toBe('https://meet.example/abc-def');
    expect(view.invitees).toEqual([
      { email: owner.email, organizer: true, userId: owner.id, name: 'Ada Lovelace' },
      ...[
        { email: 'bob@example.com', organizer: false, userId: null, name: null },
        { email: member.email, organizer: false, userId: member.id, name: 'Grace Member' },
        // An account that may not see the meeting stays an external address.
        { email: outsider.email, organizer: false, userId: null, name: null },
      ].sort((a, b) => a.email.localeCompare(b.email)),
    ]);
    expect((await api('GET', `/api/meetings/${id}/invitation`, outsider)).status).toBe(404);

    // The event changes: bob leaves, carol joins, the link moves to the URL property.
    await upload(
      owner,
      ics(
        'team@cal',
        'SUMMARY:Team sync',
        'SEQUENCE:1',
        `ATTENDEE:mailto:${member.email}`,
        'ATTENDEE:mailto:carol@example.com',
        'URL:https://meet.example/new',
      ),
      teamId,
    );
    const after = await invitation(owner, id);
    expect(after.eventUrl).toBe('https://meet.example/new');
    expect(after.invitees.map((i) => i.email).sort()).toEqual(
      ['carol@example.com', member.email].sort(),
    );
  });

  it('never links or admits anyone to a personal meeting but its owner', async () => {
    await upload(
      owner,
      ics('solo@cal', 'SUMMARY:Solo', `ATTENDEE:mailto:${member.email}`, 'URL:javascript:alert(1)'),
    );
    const id = await byTitle(owner, 'Solo');
    const view = await invitation(owner, id);
    expect(view).toEqual({
      eventUrl: null,
      invitees: [{ email: member.email, organizer: false, userId: null, name: null }],
    });
    expect((await api('GET', `/api/meetings/${id}`, { cookie: member.cookie })).status).toBe(404);
  });

  it('attaches a re-imported Parley invite to its meeting when the importer may edit it', async () => {
    const made = await api('POST', '/api/meetings', {
      cookie: owner.cookie,
      json: { title: 'Board', type: 'general', teamId, scheduledAt: inDays(3).toISOString() },
    });
    const id = (made.body.meeting as { id: string }).id;
    const invite = await (
      await fetch(`${s.base}/api/meetings/${id}/invite.ics`, { headers: { cookie: owner.cookie } })
    ).text();
    const before = (await meetingsOf(owner)).length;
    expect((await upload(owner, invite)).body).toMatchObject({ created: 0, attached: 1 });
    expect(await meetingsOf(owner)).toHaveLength(before);
    // A member without edit rights gets a meeting of their own, linked to the original.
    expect((await upload(member, invite)).body).toMatchObject({ created: 1, attached: 0 });
    const copy = (await meetingsOf(member)).find((m) => m.title === 'Board' && m.id !== id);
    expect((await invitation(member, copy?.id ?? '')).eventUrl).toMatch(
      new RegExp(`/meetings/${id}/room$`),
    );
    // Cancelling the attached event detaches it: the meeting is Parley's, not the calendar's.
    const cancelled = invite.replace('BEGIN:VEVENT', 'BEGIN:VEVENT\r\nSTATUS:CANCELLED');
    expect((await upload(owner, cancelled)).body).toMatchObject({ cancelled: 0 });
    expect((await api('GET', `/api/meetings/${id}`, { cookie: owner.cookie })).status).toBe(200);
  });
});

describe('emailing the invite', () => {
  it('refuses strangers, members without edit rights and bad addresses', async () => {
    const id = await byTitle(owner, 'Team sync');
    const send = (who: User, json: unknown) =>
      api('POST', `/api/meetings/${id}/invitation/email`, { cookie: who.cookie, json });
    expect((await send(outsider, {})).status).toBe(404);
    expect((await send(member, {})).status).toBe(403);
    const bad = await send(owner, { to: ['ok@example.com', 'not an address'] });
    expect(bad.status).toBe(422);
    expect(bad.body.error?.fields).toHaveProperty('to');
    const many = Array.from({ length: 51 }, (_, i) => `p${i}@example.com`);
    expect((await send(owner, { to: many })).body.error?.fields).toHaveProperty('to');
    // An event may invite more than an email may reach: the default list is capped too.
    await upload(
      owner,
      ics('crowd@cal', 'SUMMARY:Crowd', ...many.map((a) => `ATTENDEE:mailto:${a}`)),
    );
    const crowd = await byTitle(owner, 'Crowd');
    const tooMany = await api('POST', `/api/meetings/${crowd}/invitation/email`, {
      cookie: owner.cookie,
      json: {},
    });
    expect(tooMany.status).toBe(422);
    expect(tooMany.body.error?.fields?.to).toMatch(/At most 50/);
    // The limit counts recipients (6 an hour here): more than that in one request is refused
    // as such, and spends nothing of the hour.
    const seven = await send(owner, { to: many.slice(0, 7) });
    expect(seven.status).toBe(422);
    expect(seven.body.error?.fields?.to).toMatch(/At most 6 recipients per 60 minutes/);
    expect(await mailpit.messages()).toEqual([]);
  });

  it('sends the invite to the invitees with a calendar part and an invite.ics', async () => {
    const id = await byTitle(owner, 'Team sync');
    const r = await api('POST', `/api/meetings/${id}/invitation/email`, {
      cookie: owner.cookie,
      json: {},
    });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toEqual({ sent: ['carol@example.com', member.email].sort(), rejected: [] });
    const [msg] = await mailpit.messages();
    expect(msg?.To.map((t) => t.Address).sort()).toEqual(
      ['carol@example.com', member.email].sort(),
    );
    const raw = await mailpit.raw(msg?.ID ?? '');
    expect(raw).toMatch(/Content-Type: text\/calendar; charset=utf-8; method=REQUEST/i);
    const full = await mailpit.message(msg?.ID ?? '');
    expect(full.Text).toContain(`/meetings/${id}/room`);
    const vcal = new ICAL.Component(
      ICAL.parse(await mailpit.attachment(msg?.ID ?? '', 'invite.ics')) as unknown[],
    );
    expect(vcal.getFirstPropertyValue('method')).toBe('REQUEST');
    const ev = new ICAL.Event(vcal.getFirstSubcomponent('vevent') ?? undefined);
    expect(ev.uid).toMatch(new RegExp(`^${id}@`));
    expect(String(vcal.getFirstSubcomponent('vevent')?.getFirstPropertyValue('url'))).toMatch(
      new RegExp(`/meetings/${id}/room$`),
    );
    expect(ev.organizer).toBe(`mailto:${owner.email}`);

    // Addresses the server refuses come back as rejected; the others still get it.
    const partial = await api('POST', `/api/meetings/${id}/invitation/email`, {
      cookie: owner.cookie,
      json: { to: ['dan@example.com', 'eve@bounce.test'] },
    });
    expect(partial.body).toEqual({ sent: ['dan@example.com'], rejected: ['eve@bounce.test'] });
  });

  it('emails a team invite link, and a newcomer signs up on the way to it', async () => {
    const admin = await signupUser(s.base, 'Tess Teamowner');
    const t = await api('POST', '/api/teams', {
      cookie: admin.cookie,
      json: { name: 'Newcomers' },
    });
    const team = (t.body.team as { id: string }).id;
    const invite = (json: unknown) =>
      api('POST', `/api/teams/${team}/invites`, { cookie: admin.cookie, json });
    const sent = await invite({ role: 'member', email: 'newcomer@example.com' });
    expect(sent.status).toBe(201);
    expect(sent.body.email).toEqual({ to: 'newcomer@example.com', sent: true });
    const mail = await waitFor(
      'the team invite',
      async () =>
        (await mailpit.messages()).find((m) => m.To[0]?.Address === 'newcomer@example.com'),
      15_000,
      100,
    );
    expect(mail.Subject).toBe('Join Newcomers on Parley');
    const text = (await mailpit.message(mail.ID)).Text;
    expect(text).toContain('Tess Teamowner invites you to the team "Newcomers" on Parley');
    const path = `/invite/${String(sent.body.token)}`;
    expect(text).toContain(`${ORIGIN}${path}`);
    // A refused address still gets a link to copy; a malformed one is a 422 naming the field.
    const refused = await invite({ email: 'someone@bounce.test' });
    expect(refused.status).toBe(201);
    expect(refused.body.email).toEqual({
      to: 'someone@bounce.test',
      sent: false,
      error: 'refused',
    });
    expect(refused.body.token).toEqual(expect.any(String));
    const bad = await invite({ email: 'not an address' });
    expect(bad.status).toBe(422);
    expect(bad.body.error?.fields).toHaveProperty('email');

    // Without an account: the link asks to log in, whose sign-up link keeps the way back.
    const opened = await fetch(s.base + path, { redirect: 'manual' });
    const toLogin = `/login?next=${encodeURIComponent(path)}`;
    expect(opened.headers.get('location')).toBe(toLogin);
    const loginPage = await (await fetch(s.base + toLogin)).text();
    expect(loginPage).toContain(`/signup?next=${encodeURIComponent(path)}`);
    const newcomer = {
      name: 'Nina Newcomer',
      email: `nina-${Date.now()}@example.com`,
      password: 'correct horse battery',
    };
    const signedUp = await postForm(s.base, '/signup', { ...newcomer, next: path });
    expect(signedUp.status).toBe(303);
    expect(signedUp.res.headers.get('location')).toBe(path);
    const cookie = cookieOf(signedUp);
    const joined = await postForm(s.base, path, {}, cookie);
    expect(joined.res.headers.get('location')).toBe(`/teams/${team}`);
    // A next that leaves the site is not followed.
    const away = await postForm(s.base, '/signup', {
      ...newcomer,
      email: `nina2-${Date.now()}@example.com`,
      next: '//evil.example',
    });
    expect(away.res.headers.get('location')).toBe('/meetings');
  });

  // The limit is 6 recipients an hour: 4 went out above, 2 more (to a server that is down) fill it.
  it('answers 502 in plain words when the mail server is down, then 429 over the limit', async () => {
    const id = await byTitle(owner, 'Team sync');
    await mailpit.stop();
    const send = () =>
      api('POST', `/api/meetings/${id}/invitation/email`, { cookie: owner.cookie, json: {} });
    const down = await send();
    expect(down.status).toBe(502);
    expect(down.body.error).toMatchObject({
      code: 'mail_unavailable',
      message: 'The mail server could not be reached. Try again later.',
    });
    expect((await send()).status).toBe(429);
  }, 60_000);
});

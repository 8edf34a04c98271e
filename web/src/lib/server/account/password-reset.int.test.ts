/**
 * Integration: "Forgot your password?" through the built server, Postgres, Redis and a private
 * Mailpit — the same answer for an address without an account (and no email), the emailed link
 * used once (the password changes, every other session ends, this browser is signed in), bad new
 * passwords refused naming the field, the same through the JSON API, the rate limit, and a
 * server without SMTP saying so.
 */
import { startMailpit, waitFor, type Mailpit } from '@parley/testkit';
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

let s: TestServer;
let mailpit: Mailpit;

beforeAll(async () => {
  mailpit = await startMailpit();
  s = await startTestServer('web-password-reset', {
    SMTP_URL: mailpit.smtpUrl,
    MAIL_FROM: 'Parley <parley@example.com>',
    RATE_LIMIT_PASSWORD_RESET: '6/3600',
  });
}, 60_000);

afterAll(async () => {
  await s?.stop();
  await mailpit?.stop();
});

const me = async (cookie: string) => (await call(s.base, 'GET', '/api/me', { cookie })).status;
const login = (email: string, password: string) =>
  call(s.base, 'POST', '/api/auth/login', { json: { email, password } });

describe('password reset by email', () => {
  it('answers the same for an unknown address, and the link works once', async () => {
    const u = await signupUser(s.base, 'Rita Reset');
    const other = cookieOf(await login(u.email, u.password));
    expect(await me(other)).toBe(200);

    const unknown = await postForm(s.base, '/forgot', { email: 'nobody@example.com' });
    const known = await postForm(s.base, '/forgot', { email: u.email.toUpperCase() });
    expect([unknown.status, known.status]).toEqual([200, 200]);
    expect(unknown.html).toContain('If an account uses');
    expect(known.html).toContain('If an account uses');

    const mail = await waitFor(
      'the reset email',
      async () => (await mailpit.messages()).find((m) => m.To[0]?.Address === u.email),
      15_000,
      100,
    );
    expect(mail.Subject).toBe('Reset your Parley password');
    // The unknown address was asked first; nothing was sent to it.
    expect((await mailpit.messages()).map((m) => m.To[0]?.Address)).toEqual([u.email]);
    const text = (await mailpit.message(mail.ID)).Text;
    const link = /(https?:\/\/\S+\/reset\/[A-Za-z0-9_-]{43})/.exec(text)?.[1];
    expect(link?.startsWith(`${ORIGIN}/reset/`)).toBe(true);
    const path = new URL(link ?? '').pathname;

    const page = await fetch(s.base + path);
    expect(await page.text()).toContain('New password again');
    const short = await postForm(s.base, path, { password: 'short', confirm: 'short' });
    expect(short.status).toBe(422);
    expect(short.html).toContain('at least 10 characters');
    const differ = await postForm(s.base, path, {
      password: 'a brand new password',
      confirm: 'a brand new passwort',
    });
    expect(differ.status).toBe(422);
    expect(differ.html).toContain('The two passwords differ.');

    const done = await postForm(s.base, path, {
      password: 'a brand new password',
      confirm: 'a brand new password',
    });
    expect(done.status).toBe(303);
    expect(done.res.headers.get('location')).toBe('/meetings');
    const fresh = cookieOf(done);
    expect(await me(fresh)).toBe(200);
    // Every other session ended (the sign-up one and the other login).
    expect(await me(u.cookie)).toBe(401);
    expect(await me(other)).toBe(401);
    expect((await login(u.email, u.password)).status).toBe(401);
    expect((await login(u.email, 'a brand new password')).status).toBe(200);

    // Used: the link no longer works and changes nothing.
    const again = await postForm(s.base, path, {
      password: 'yet another password',
      confirm: 'yet another password',
    });
    expect(again.status).toBe(410);
    expect(again.html).toContain('expired or was already used');
    expect(await (await fetch(s.base + path)).text()).toContain('expired or was already used');
    expect((await login(u.email, 'a brand new password')).status).toBe(200);
    // A made-up link is the same page.
    const made = await fetch(`${s.base}/reset/${'A'.repeat(43)}`);
    expect(await made.text()).toContain('expired or was already used');
  });

  it('works through the JSON API too', async () => {
    const u = await signupUser(s.base, 'Api Reset');
    const ask = (email: string) =>
      call(s.base, 'POST', '/api/auth/password-reset', { json: { email } });
    expect((await ask('nobody-else@example.com')).status).toBe(202);
    const asked = await ask(u.email);
    expect(asked.status).toBe(202);
    expect(asked.body).toEqual({ linkValidMinutes: 60 });
    const mail = await waitFor(
      'the reset email',
      async () => (await mailpit.messages()).find((m) => m.To[0]?.Address === u.email),
      15_000,
      100,
    );
    const token = /\/reset\/([A-Za-z0-9_-]{43})/.exec((await mailpit.message(mail.ID)).Text)?.[1];
    const confirm = (json: unknown) =>
      call(s.base, 'POST', '/api/auth/password-reset/confirm', { json });
    const short = await confirm({ token, password: 'short' });
    expect(short.status).toBe(422);
    expect(short.body.error?.fields).toHaveProperty('password');
    const done = await confirm({ token, password: 'an api chosen password' });
    expect(done.status).toBe(200);
    expect(done.body.user).toMatchObject({ id: u.id, email: u.email });
    expect(await me(cookieOf(done))).toBe(200);
    expect(await me(u.cookie)).toBe(401);
    const again = await confirm({ token, password: 'an api chosen password' });
    expect(again.status).toBe(410);
    expect(again.body.error?.code).toBe('reset_link_gone');
  });

  it('limits requests per address and per IP', async () => {
    const u = await signupUser(s.base, 'Lim Ited');
    // This IP asked 4 times in the tests above; the limit is 6 an hour.
    const answers: number[] = [];
    for (let i = 0; i < 4 && answers.at(-1) !== 429; i++) {
      answers.push((await postForm(s.base, '/forgot', { email: u.email })).status);
    }
    expect(answers).toEqual([200, 200, 429]);
    const refused = await postForm(s.base, '/forgot', { email: u.email });
    expect(refused.status).toBe(429);
    expect(refused.html).toContain('Too many requests');
    const api = await call(s.base, 'POST', '/api/auth/password-reset', {
      json: { email: u.email },
    });
    expect(api.status).toBe(429);
    const bad = await postForm(s.base, '/forgot', { email: 'not an address' });
    expect(bad.status).toBe(400);
    expect(bad.html).toContain('Enter a valid email address.');
  });

  it('without SMTP the page says email is not set up, and login offers no link', async () => {
    const bare = await startTestServer('web-password-reset-nomail', { SMTP_URL: '' });
    try {
      expect(await (await fetch(`${bare.base}/forgot`)).text()).toContain(
        'Email is not set up on this server',
      );
      expect((await postForm(bare.base, '/forgot', { email: 'a@example.com' })).status).toBe(503);
      expect(await (await fetch(`${bare.base}/login`)).text()).not.toContain(
        'Forgot your password',
      );
      expect(await (await fetch(`${s.base}/login`)).text()).toContain('Forgot your password');
    } finally {
      await bare.stop();
    }
  }, 60_000);
});

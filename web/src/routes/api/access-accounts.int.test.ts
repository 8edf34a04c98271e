/**
 * Integration: sessions, password change, account deletion, personal API tokens, cross-origin
 * writes and the served OpenAPI document — against the built server, Postgres, Redis, LiveKit and
 * MinIO from `.data/dev.env`.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { cookieOf, useAccessServer } from '#lib/server/testing/api-server.ts';
import { ORIGIN, signupUser } from '#lib/server/testing/server.ts';

const { api, createMeeting, createTeam, inviteAndJoin, server } = useAccessServer();

// ---------------------------------------------------------------- sessions, accounts, API tokens

describe('sessions and accounts', () => {
  it('rotate on login, expire when idle or past the absolute deadline, log out everywhere', async () => {
    const u = await signupUser(server().base);
    const login = await api('POST', '/api/auth/login', {
      cookie: u.cookie,
      json: { email: u.email, password: u.password },
    });
    expect(login.status).toBe(200);
    const rotated = cookieOf(login);
    expect(rotated).not.toBe(u.cookie);
    expect((await api('GET', '/api/me', { cookie: u.cookie })).status).toBe(401);
    expect((await api('GET', '/api/me', { cookie: rotated })).status).toBe(200);
    const hash = (ck: string) =>
      createHash('sha256')
        .update(ck.split('=')[1] ?? '')
        .digest('hex');
    // Deadlines are edited in the database behind the app's back, so on sessions it has not
    // cached yet (the app's own changes evict its caches; a direct edit does not).
    const idle = cookieOf(
      await api('POST', '/api/auth/login', { json: { email: u.email, password: u.password } }),
    );
    await server()
      .db.updateTable('sessions')
      .set({ expires_at: new Date(Date.now() - 1000) })
      .where('id', '=', hash(idle))
      .execute();
    expect((await api('GET', '/api/me', { cookie: idle })).status).toBe(401);
    const l2 = cookieOf(
      await api('POST', '/api/auth/login', { json: { email: u.email, password: u.password } }),
    );
    await server()
      .db.updateTable('sessions')
      .set({ absolute_expires_at: new Date(Date.now() - 1000) })
      .where('id', '=', hash(l2))
      .execute();
    expect((await api('GET', '/api/me', { cookie: l2 })).status).toBe(401);
    const a = cookieOf(
      await api('POST', '/api/auth/login', { json: { email: u.email, password: u.password } }),
    );
    const b = cookieOf(
      await api('POST', '/api/auth/login', { json: { email: u.email, password: u.password } }),
    );
    expect((await api('GET', '/api/me', { cookie: b })).status).toBe(200);
    expect(
      (await api('POST', '/api/auth/logout-all', { cookie: a, headers: { origin: ORIGIN } }))
        .status,
    ).toBe(204);
    expect((await api('GET', '/api/me', { cookie: b })).status).toBe(401);
  });

  it('change password ends other sessions; delete account hands team meetings to an admin', async () => {
    const owner = await signupUser(server().base);
    const admin = await signupUser(server().base);
    const other = cookieOf(
      await api('POST', '/api/auth/login', {
        json: { email: owner.email, password: owner.password },
      }),
    );
    const bad = await api('POST', '/api/me/password', {
      cookie: owner.cookie,
      json: { currentPassword: 'wrong password', newPassword: 'another good password' },
    });
    expect(bad.status).toBe(422);
    expect(bad.body.error?.fields).toHaveProperty('currentPassword');
    const ok = await api('POST', '/api/me/password', {
      cookie: owner.cookie,
      json: { currentPassword: owner.password, newPassword: 'another good password' },
    });
    expect(ok.status).toBe(204);
    const fresh = cookieOf(ok);
    expect((await api('GET', '/api/me', { cookie: other })).status).toBe(401);
    expect((await api('GET', '/api/me', { cookie: fresh })).status).toBe(200);

    const teamId = await createTeam({ cookie: fresh });
    await inviteAndJoin({ cookie: fresh }, teamId, { cookie: admin.cookie }, 'admin');
    const teamMeeting = await createMeeting({ cookie: fresh }, { teamId });
    const personal = await createMeeting({ cookie: fresh });
    const del = await api('DELETE', '/api/me', {
      cookie: fresh,
      json: { password: 'another good password' },
    });
    expect(del.status).toBe(200);
    expect(del.body).toEqual({ deletedMeetings: 1 });
    expect((await api('GET', '/api/me', { cookie: fresh })).status).toBe(401);
    const handed = await api('GET', `/api/meetings/${teamMeeting.id}`, { cookie: admin.cookie });
    expect(handed.body.access).toMatchObject({ role: 'owner' });
    expect(
      await server().db.selectFrom('meetings').select('id').where('id', '=', personal.id).execute(),
    ).toEqual([]);
    const team = await api('GET', `/api/teams/${teamId}`, { cookie: admin.cookie });
    expect(team.body.members).toEqual([
      expect.objectContaining({ userId: admin.id, role: 'owner' }),
    ]);
  });

  it('personal API tokens: hashed, scoped to the user, revocable, expiring', async () => {
    const u = await signupUser(server().base);
    const stranger = await signupUser(server().base);
    const foreign = await createMeeting({ cookie: stranger.cookie });
    const created = await api('POST', '/api/me/tokens', {
      cookie: u.cookie,
      json: { name: 'CI script' },
    });
    expect(created.status).toBe(201);
    const token = String(created.body.token);
    expect(token).toMatch(/^parley_pat_/);
    const stored = await server()
      .db.selectFrom('api_tokens')
      .selectAll()
      .where('user_id', '=', u.id)
      .execute();
    expect(stored[0]?.token_hash).toBe(createHash('sha256').update(token).digest('hex'));
    expect(JSON.stringify(stored)).not.toContain(token.slice(12));
    const viaToken = await api('POST', '/api/meetings', {
      bearer: token,
      json: { title: 'From a script', type: 'sales' },
    });
    expect(viaToken.status).toBe(201);
    expect((await api('GET', `/api/meetings/${foreign.id}`, { bearer: token })).status).toBe(404);
    expect(
      (await api('POST', '/api/me/tokens', { bearer: token, json: { name: 'more' } })).status,
    ).toBe(403);
    const list = await api('GET', '/api/me/tokens', { bearer: token });
    expect(JSON.stringify(list.body)).not.toContain(token);
    expect((await api('GET', '/api/me', { bearer: 'parley_pat_' + 'x'.repeat(43) })).status).toBe(
      401,
    );
    const id = (created.body.apiToken as { id: string }).id;
    expect(
      (
        await api('DELETE', `/api/me/tokens/${id}`, {
          cookie: u.cookie,
          headers: { origin: ORIGIN },
        })
      ).status,
    ).toBe(204);
    const revoked = await api('GET', '/api/meetings', { bearer: token });
    expect(revoked.status).toBe(401);
    expect(revoked.body.error?.code).toBe('invalid_token');
    const e = await api('POST', '/api/me/tokens', {
      cookie: u.cookie,
      json: { name: 'short', expiresInDays: 1 },
    });
    await server()
      .db.updateTable('api_tokens')
      .set({ expires_at: new Date(Date.now() - 1000) })
      .where('id', '=', (e.body.apiToken as { id: string }).id)
      .execute();
    expect((await api('GET', '/api/meetings', { bearer: String(e.body.token) })).status).toBe(401);
    expect(
      (await api('POST', '/api/me/tokens', { cookie: u.cookie, json: { name: '' } })).body.error
        ?.fields,
    ).toHaveProperty('name');
  });
});

// ---------------------------------------------------------------- CSRF and OpenAPI

describe('cross-origin writes', () => {
  it('are refused for the API and form posts; same-origin and bearer writes pass', async () => {
    const u = await signupUser(server().base);
    const evil = 'https://evil.example';
    const json = { title: 'Cross origin', type: 'general' };
    const r = await api('POST', '/api/meetings', {
      cookie: u.cookie,
      json,
      headers: { origin: evil },
    });
    expect(r.status).toBe(403);
    expect(r.body.error?.code).toBe('cross_origin');
    expect(
      (
        await api('POST', '/api/meetings', {
          cookie: u.cookie,
          json,
          headers: { 'sec-fetch-site': 'cross-site' },
        })
      ).status,
    ).toBe(403);
    const m = await createMeeting({ cookie: u.cookie });
    expect(
      (
        await api('DELETE', `/api/meetings/${m.id}`, {
          cookie: u.cookie,
          headers: { origin: evil },
        })
      ).status,
    ).toBe(403);
    const form = await fetch(`${server().base}/meetings?/create`, {
      method: 'POST',
      headers: {
        cookie: u.cookie,
        origin: evil,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: 'title=Evil+meeting&type=general',
      redirect: 'manual',
    });
    expect(form.status).toBe(403);
    const list = await api('GET', '/api/meetings?q=Evil', { cookie: u.cookie });
    expect(list.body.items).toEqual([]);
    expect(
      (await api('POST', '/api/meetings', { cookie: u.cookie, json, headers: { origin: ORIGIN } }))
        .status,
    ).toBe(201);
  });
});

describe('OpenAPI', () => {
  it('is served from the zod schemas', async () => {
    const r = await api('GET', '/api/openapi.json');
    expect(r.status).toBe(200);
    expect(r.body.openapi).toBe('3.1.0');
    expect(Object.keys(r.body.paths as object)).toEqual(
      expect.arrayContaining(['/api/meetings', '/api/meetings/{id}/token', '/api/teams']),
    );
  });
});

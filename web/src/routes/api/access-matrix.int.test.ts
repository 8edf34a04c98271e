/**
 * Integration: the role × action matrix of the one authorization module: every role against every
 * meeting action, listing and pages — against the built server, Postgres, Redis, LiveKit and MinIO
 * from `.data/dev.env`.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { useAccessServer } from '#lib/server/testing/api-server.ts';
import { ORIGIN, signupUser, type Caller } from '#lib/server/testing/server.ts';

const { api, createMeeting, createTeam, inviteAndJoin, guestFor, server } = useAccessServer();

// ---------------------------------------------------------------- role × action matrix

describe('role × action matrix', () => {
  type Role = 'owner' | 'team_admin' | 'team_member' | 'guest' | 'stranger' | 'anonymous';
  const callers = {} as Record<Role, Caller>;
  let teamId = '';

  beforeAll(async () => {
    const owner = await signupUser(server().base, 'Owner Olga');
    const admin = await signupUser(server().base, 'Admin Ann');
    const member = await signupUser(server().base, 'Member Max');
    const stranger = await signupUser(server().base, 'Stranger Sam');
    teamId = await createTeam({ cookie: owner.cookie });
    await inviteAndJoin({ cookie: owner.cookie }, teamId, { cookie: admin.cookie }, 'admin');
    await inviteAndJoin({ cookie: owner.cookie }, teamId, { cookie: member.cookie }, 'member');
    callers.owner = { cookie: owner.cookie };
    callers.team_admin = { cookie: admin.cookie };
    callers.team_member = { cookie: member.cookie };
    callers.stranger = { cookie: stranger.cookie };
    callers.anonymous = {};
  });

  /** Each operation, with the status every role must get (x = "the meeting was not found"). */
  const ops: {
    name: string;
    run: (c: Caller, id: string) => ReturnType<typeof api>;
    expect: Record<Role, number>;
  }[] = [
    {
      name: 'read',
      run: (c, id) => api('GET', `/api/meetings/${id}`, c),
      expect: {
        owner: 200,
        team_admin: 200,
        team_member: 200,
        guest: 404,
        stranger: 404,
        anonymous: 401,
      },
    },
    {
      name: 'update',
      run: (c, id) => api('PATCH', `/api/meetings/${id}`, { ...c, json: { subject: 'Acme Corp' } }),
      expect: {
        owner: 200,
        team_admin: 200,
        team_member: 403,
        guest: 404,
        stranger: 404,
        anonymous: 401,
      },
    },
    {
      name: 'join (token)',
      run: (c, id) => api('POST', `/api/meetings/${id}/token`, { ...c, json: {} }),
      expect: {
        owner: 200,
        team_admin: 200,
        team_member: 200,
        guest: 200,
        stranger: 404,
        anonymous: 401,
      },
    },
    {
      name: 'attendance',
      run: (c, id) => api('GET', `/api/meetings/${id}/attendance`, c),
      expect: {
        owner: 200,
        team_admin: 200,
        team_member: 200,
        guest: 404,
        stranger: 404,
        anonymous: 401,
      },
    },
    {
      name: 'create guest link',
      run: (c, id) => api('POST', `/api/meetings/${id}/guest-links`, { ...c, json: {} }),
      expect: {
        owner: 201,
        team_admin: 201,
        team_member: 403,
        guest: 404,
        stranger: 404,
        anonymous: 401,
      },
    },
    {
      name: 'list guest links',
      run: (c, id) => api('GET', `/api/meetings/${id}/guest-links`, c),
      expect: {
        owner: 200,
        team_admin: 200,
        team_member: 403,
        guest: 404,
        stranger: 404,
        anonymous: 401,
      },
    },
    {
      // Allowed roles pass the permission check and get "participant not in the room".
      name: 'moderate (mute)',
      run: (c, id) =>
        api('POST', `/api/meetings/${id}/participants/nobody/mute`, { ...c, json: {} }),
      expect: {
        owner: 404,
        team_admin: 404,
        team_member: 403,
        guest: 404,
        stranger: 404,
        anonymous: 401,
      },
    },
    {
      name: 'moderate (remove)',
      run: (c, id) => api('POST', `/api/meetings/${id}/participants/nobody/remove`, c),
      expect: {
        owner: 404,
        team_admin: 404,
        team_member: 403,
        guest: 404,
        stranger: 404,
        anonymous: 401,
      },
    },
    {
      name: 'end',
      run: (c, id) => api('POST', `/api/meetings/${id}/end`, c),
      expect: {
        owner: 200,
        team_admin: 200,
        team_member: 403,
        guest: 404,
        stranger: 404,
        anonymous: 401,
      },
    },
    {
      name: 'delete',
      run: (c, id) => api('DELETE', `/api/meetings/${id}`, c),
      expect: {
        owner: 204,
        team_admin: 204,
        team_member: 403,
        guest: 404,
        stranger: 404,
        anonymous: 401,
      },
    },
  ];

  const roles: Role[] = ['owner', 'team_admin', 'team_member', 'guest', 'stranger', 'anonymous'];

  it.each(ops.map((o) => [o.name, o] as const))('%s', async (_name, op) => {
    for (const role of roles) {
      // A fresh team meeting per role, so deleting or ending never affects the next caller.
      const m = await createMeeting(callers.owner, { teamId });
      const caller =
        role === 'guest' ? { bearer: (await guestFor(callers.owner, m.id)).bearer } : callers[role];
      const r = await op.run(caller, m.id);
      expect(r.status, `${op.name} as ${role}: ${JSON.stringify(r.body)}`).toBe(op.expect[role]);
      if (r.status >= 400) {
        expect(typeof r.body.error?.code).toBe('string');
        expect(typeof r.body.error?.message).toBe('string');
      }
      if (op.expect[role] === 404 && ['guest', 'stranger'].includes(role)) {
        expect(r.body.error?.message).toBe('Meeting not found.');
      }
    }
  });

  it('a guest of another meeting sees nothing of this one', async () => {
    const a = await createMeeting(callers.owner);
    const b = await createMeeting(callers.owner);
    const g = await guestFor(callers.owner, a.id);
    expect(
      (await api('POST', `/api/meetings/${b.id}/token`, { bearer: g.bearer, json: {} })).status,
    ).toBe(404);
    expect((await api('GET', '/api/meetings', { bearer: g.bearer })).status).toBe(403);
  });

  it('lists only visible meetings (owner OR team member), filtered in SQL', async () => {
    const other = await signupUser(server().base);
    await createMeeting({ cookie: other.cookie }, { title: 'Private to other' });
    const list = await api('GET', '/api/meetings?limit=100', callers.team_member);
    const titles = (list.body.items as { title: string; teamId: string }[]).map((m) => m.title);
    expect(titles).not.toContain('Private to other');
    expect((list.body.items as { teamId: string }[]).every((m) => m.teamId === teamId)).toBe(true);
    const strangerList = await api('GET', '/api/meetings', callers.stranger);
    expect(strangerList.body.items).toEqual([]);
  });

  it('team members cannot create team meetings; strangers cannot use the team', async () => {
    const asMember = await api('POST', '/api/meetings', {
      ...callers.team_member,
      json: { title: 'Sneaky', type: 'general', teamId },
    });
    expect(asMember.status).toBe(403);
    const asStranger = await api('POST', '/api/meetings', {
      ...callers.stranger,
      json: { title: 'Sneaky', type: 'general', teamId },
    });
    expect(asStranger.status).toBe(422);
    expect(asStranger.body.error?.fields).toHaveProperty('teamId');
  });

  it('pages follow the same rules (404 for strangers, 403 for member actions)', async () => {
    const m = await createMeeting(callers.owner, { teamId, title: 'Page matrix' });
    const page = (c: Caller) =>
      fetch(`${server().base}/meetings/${m.id}`, {
        headers: { cookie: c.cookie ?? '' },
        redirect: 'manual',
      });
    expect((await page(callers.team_member)).status).toBe(200);
    expect((await page(callers.stranger)).status).toBe(404);
    const del = await fetch(`${server().base}/meetings/${m.id}?/delete`, {
      method: 'POST',
      headers: {
        cookie: callers.team_member.cookie ?? '',
        origin: ORIGIN,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: '',
      redirect: 'manual',
    });
    expect(del.status).toBe(403);
    expect((await api('GET', `/api/meetings/${m.id}`, callers.owner)).status).toBe(200);
  });
});

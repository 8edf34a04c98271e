/**
 * Integration: teams (invites, roles, leaving) and the meeting lifecycle (checklist prefill, validation,
 * end and delete) — against the built server, Postgres, Redis, LiveKit and MinIO from
 * `.data/dev.env`.
 */
import { createHash } from 'node:crypto';
import { Client as Minio } from 'minio';
import { describe, expect, it } from 'vitest';
import { rooms, useAccessServer } from '#lib/server/testing/api-server.ts';
import { devEnv, postForm, signupUser } from '#lib/server/testing/server.ts';

const { api, createMeeting, createTeam, inviteAndJoin, guestFor, server } = useAccessServer();

// ---------------------------------------------------------------- teams

describe('teams', () => {
  it('invites are single-use and expire; roles are enforced', async () => {
    const owner = await signupUser(server().base);
    const a = await signupUser(server().base);
    const b = await signupUser(server().base);
    const teamId = await createTeam({ cookie: owner.cookie });
    const token = await inviteAndJoin(
      { cookie: owner.cookie },
      teamId,
      { cookie: a.cookie },
      'member',
    );
    const reuse = await api('POST', '/api/invites/accept', { cookie: b.cookie, json: { token } });
    expect(reuse.status).toBe(401);
    const inv = await api('POST', `/api/teams/${teamId}/invites`, {
      cookie: owner.cookie,
      json: {},
    });
    await server()
      .db.updateTable('team_invites')
      .set({ expires_at: new Date(Date.now() - 1000) })
      .where('token_hash', '=', createHash('sha256').update(String(inv.body.token)).digest('hex'))
      .execute();
    const expired = await api('POST', '/api/invites/accept', {
      cookie: b.cookie,
      json: { token: inv.body.token },
    });
    expect(expired.status).toBe(401);
    // A member may not invite; a stranger does not see the team.
    expect(
      (await api('POST', `/api/teams/${teamId}/invites`, { cookie: a.cookie, json: {} })).status,
    ).toBe(403);
    expect((await api('GET', `/api/teams/${teamId}`, { cookie: b.cookie })).status).toBe(404);
    const detail = await api('GET', `/api/teams/${teamId}`, { cookie: a.cookie });
    expect((detail.body.members as { role: string }[]).map((m) => m.role).sort()).toEqual([
      'member',
      'owner',
    ]);
    // Promote to admin, then the admin invites.
    expect(
      (
        await api('PATCH', `/api/teams/${teamId}/members/${a.id}`, {
          cookie: owner.cookie,
          json: { role: 'admin' },
        })
      ).status,
    ).toBe(204);
    expect(
      (await api('POST', `/api/teams/${teamId}/invites`, { cookie: a.cookie, json: {} })).status,
    ).toBe(201);
    // The last owner cannot be demoted.
    expect(
      (
        await api('PATCH', `/api/teams/${teamId}/members/${owner.id}`, {
          cookie: owner.cookie,
          json: { role: 'member' },
        })
      ).status,
    ).toBe(409);
    expect(
      (
        await api('PATCH', `/api/teams/${teamId}/members/${a.id}`, {
          cookie: owner.cookie,
          json: { role: 'boss' },
        })
      ).status,
    ).toBe(422);
  });

  it('a member leaves from the team page and loses it at once; its last owner cannot leave', async () => {
    const owner = await signupUser(server().base);
    const member = await signupUser(server().base);
    const teamId = await createTeam({ cookie: owner.cookie });
    await inviteAndJoin({ cookie: owner.cookie }, teamId, { cookie: member.cookie }, 'member');
    expect((await api('GET', `/api/teams/${teamId}`, { cookie: member.cookie })).status).toBe(200);
    const left = await postForm(server().base, `/teams/${teamId}?/leave`, {}, member.cookie);
    expect([left.status, left.res.headers.get('location')]).toEqual([303, '/teams']);
    expect((await api('GET', `/api/teams/${teamId}`, { cookie: member.cookie })).status).toBe(404);
    const stays = await postForm(server().base, `/teams/${teamId}?/leave`, {}, owner.cookie);
    expect(stays.status).toBe(409);
    expect(stays.html).toContain('A team needs at least one owner.');
    expect((await api('GET', `/api/teams/${teamId}`, { cookie: owner.cookie })).status).toBe(200);
  });
});

// ---------------------------------------------------------------- meetings

describe('meetings', () => {
  it('prefill the checklist from the type, store edits, filter and paginate', async () => {
    const u = await signupUser(server().base);
    const c = { cookie: u.cookie };
    const m = await createMeeting(c, {
      title: 'Seed round: Acme',
      type: 'investment_screening',
      subject: 'Acme Inc',
      scheduledAt: '2026-12-01T09:30:00Z',
    });
    expect(m.checklist.map((i) => i.id)).toEqual(
      expect.arrayContaining(['team_background', 'burn_runway']),
    );
    const custom = await createMeeting(c, {
      title: 'Custom list',
      checklist: [{ title: 'Ask about pricing' }],
    });
    expect(custom.checklist).toEqual([
      {
        id: 'ask_about_pricing',
        title: 'Ask about pricing',
        description: '',
        keywords: [],
        priority: 'important',
      },
    ]);
    await createMeeting(c, { title: 'Mentoring Bob', type: 'mentoring', subject: 'Bob' });
    const edited = await api('PATCH', `/api/meetings/${custom.id}`, {
      ...c,
      json: {
        title: 'Custom list v2',
        subject: null,
        checklist: [{ id: 'x', title: 'Only item', priority: 'critical' }],
      },
    });
    expect(edited.status).toBe(200);
    expect(edited.body.meeting).toMatchObject({
      title: 'Custom list v2',
      subject: null,
      checklist: [{ id: 'x', priority: 'critical' }],
    });

    const q = async (qs: string) =>
      ((await api('GET', `/api/meetings?${qs}`, c)).body.items as { title: string }[]).map(
        (i) => i.title,
      );
    expect(await q('type=mentoring')).toEqual(['Mentoring Bob']);
    expect(await q('subject=acme%20inc')).toEqual(['Seed round: Acme']);
    expect(await q('q=v2')).toEqual(['Custom list v2']);
    expect(await q('q=%25')).toEqual([]);
    expect(await q('from=2026-11-30T00:00:00Z&to=2026-12-02T00:00:00Z')).toEqual([
      'Seed round: Acme',
    ]);
    const page1 = await api('GET', '/api/meetings?limit=2', c);
    expect((page1.body.items as unknown[]).length).toBe(2);
    const page2 = await api(
      'GET',
      `/api/meetings?limit=2&cursor=${String(page1.body.nextCursor)}`,
      c,
    );
    expect((page2.body.items as unknown[]).length).toBe(1);
    expect(page2.body.nextCursor).toBeNull();
  });

  it('validate every field with a message naming it (422), 404, 413, 415', async () => {
    const u = await signupUser(server().base);
    const c = { cookie: u.cookie };
    const bad = await api('POST', '/api/meetings', {
      ...c,
      json: {
        title: 'ab',
        type: 'party',
        subject: 'x'.repeat(300),
        teamId: 'nope',
        scheduledAt: 'tomorrow',
        checklist: 'all',
      },
    });
    expect(bad.status).toBe(422);
    const fields = bad.body.error?.fields ?? {};
    expect(Object.keys(fields).sort()).toEqual([
      'checklist',
      'scheduledAt',
      'subject',
      'teamId',
      'title',
      'type',
    ]);
    expect(fields.title).toMatch(/Title/);
    expect(fields.scheduledAt).toMatch(/scheduledAt/);
    const m = await createMeeting(c);
    const patch = await api('PATCH', `/api/meetings/${m.id}`, {
      ...c,
      json: { title: 'x'.repeat(256), owner: 'me' },
    });
    expect(patch.status).toBe(422);
    for (const q of ['type=x', 'from=yesterday', 'teamId=1', 'limit=1000', 'status=open']) {
      const r = await api('GET', `/api/meetings?${q}`, c);
      expect(r.status, q).toBe(422);
      expect(Object.keys(r.body.error?.fields ?? {})).toEqual([q.split('=')[0]]);
    }
    expect((await api('GET', `/api/meetings/${crypto.randomUUID()}`, c)).status).toBe(404);
    expect(
      (await api('PATCH', `/api/meetings/${crypto.randomUUID()}`, { ...c, json: {} })).status,
    ).toBe(404);
    expect(
      (
        await api('PATCH', `/api/meetings/${m.id}`, {
          ...c,
          body: 'title=x',
          headers: { 'content-type': 'text/plain' },
        })
      ).status,
    ).toBe(415);
    expect(
      (await api('PATCH', `/api/meetings/${m.id}`, { ...c, json: { title: 'y'.repeat(70_000) } }))
        .status,
    ).toBe(413);
    expect(
      (
        await api('POST', `/api/meetings/${m.id}/guest-links`, {
          ...c,
          json: { expiresInHours: 0 },
        })
      ).body.error?.fields,
    ).toHaveProperty('expiresInHours');
  });

  it('end deletes the LiveKit room; delete removes rows and stored objects, then 404', async () => {
    const u = await signupUser(server().base);
    const c = { cookie: u.cookie };
    const m = await createMeeting(c);
    await rooms.createRoom({ name: m.roomName });
    await server()
      .db.updateTable('meetings')
      .set({ status: 'live', started_at: new Date() })
      .where('id', '=', m.id)
      .execute();
    const end = await api('POST', `/api/meetings/${m.id}/end`, c);
    expect(end.status).toBe(200);
    expect(end.body.meeting).toMatchObject({ status: 'ended' });
    expect((await rooms.listRooms([m.roomName])).length).toBe(0);

    const minio = new Minio({
      endPoint: new URL(devEnv.S3_ENDPOINT ?? '').hostname,
      port: Number(new URL(devEnv.S3_ENDPOINT ?? '').port),
      useSSL: false,
      accessKey: devEnv.S3_ACCESS_KEY ?? '',
      secretKey: devEnv.S3_SECRET_KEY ?? '',
    });
    const bucket = devEnv.S3_BUCKET ?? 'parley';
    if (!(await minio.bucketExists(bucket))) await minio.makeBucket(bucket);
    await minio.putObject(bucket, `meetings/${m.id}/recording.ogg`, Buffer.from('x'));
    await minio.putObject(bucket, `meetings/${m.id}/sub/part.json`, Buffer.from('{}'));
    const keep = await createMeeting(c);
    await minio.putObject(bucket, `meetings/${keep.id}/recording.ogg`, Buffer.from('x'));
    const g = await guestFor(c, m.id);
    expect((await api('DELETE', `/api/meetings/${m.id}`, c)).status).toBe(204);
    const left: string[] = [];
    for await (const o of minio.listObjectsV2(bucket, `meetings/${m.id}/`, true) as AsyncIterable<{
      name: string;
    }>)
      left.push(o.name);
    expect(left).toEqual([]);
    const kept: string[] = [];
    for await (const o of minio.listObjectsV2(
      bucket,
      `meetings/${keep.id}/`,
      true,
    ) as AsyncIterable<{ name: string }>)
      kept.push(o.name);
    expect(kept).toHaveLength(1);
    expect(
      await server()
        .db.selectFrom('guest_links')
        .selectAll()
        .where('meeting_id', '=', m.id)
        .execute(),
    ).toEqual([]);
    expect((await api('DELETE', `/api/meetings/${m.id}`, c)).status).toBe(404);
    expect(
      (await api('POST', `/api/meetings/${m.id}/token`, { bearer: g.bearer, json: {} })).status,
    ).toBe(401);
  });
});

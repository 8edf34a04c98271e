/**
 * Integration: action items across meetings (`GET /api/action-items` and the /action-items page
 * with its done / reopen form) — scoped to the meetings the caller may see, through the built
 * server on Postgres.
 */
import { recordParticipantJoined } from '@parley/db';
import type { ApiActionItemList } from '@parley/protocol';
import { describe, expect, it } from 'vitest';
import { useApiServer } from '#lib/server/testing/api-server.ts';
import { postForm, signupUser, type Caller } from '#lib/server/testing/server.ts';

const { api, server, createMeeting, teamMeeting } = useApiServer('web-action-items');

const list = async (c: Caller, query = '') => {
  const r = await api('GET', `/api/action-items${query}`, c);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body as unknown as ApiActionItemList;
};

describe('action items across meetings', () => {
  it("lists a member's items from the team's and their own meetings, never others'", async () => {
    const { olga, max, sam, teamId, m: team } = await teamMeeting({ title: 'Pipeline review' });
    const own = await createMeeting(max, { title: 'Max 1:1' });
    await recordParticipantJoined(server().db, {
      meetingId: team.id,
      identity: max.id,
      participantSid: 'PA_max',
      name: 'Max',
      userId: max.id,
      joinedAt: new Date(),
    });
    const add = async (c: Caller, meetingId: string, json: Record<string, unknown>) => {
      const r = await api('POST', `/api/meetings/${meetingId}/action-items`, { ...c, json });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      return (r.body.item as { id: string }).id;
    };
    const forMax = await add(olga, team.id, {
      text: 'Send the cohort sheet',
      ownerIdentity: max.id,
      dueDate: '2026-12-10',
    });
    const anyone = await add(olga, team.id, { text: 'Book the room', ownerName: 'Someone' });
    const private_ = await add(max, own.id, { text: 'Draft the memo' });

    const mine = await list(max, '?assignee=me');
    expect(mine.items.map((i) => i.id)).toEqual([forMax]);
    expect(mine.items[0]).toMatchObject({
      text: 'Send the cohort sheet',
      owner: 'Max',
      ownerIdentity: max.id,
      dueDate: '2026-12-10',
      status: 'open',
      doneAt: null,
      meeting: { id: team.id, title: 'Pipeline review', type: 'general', teamId },
      href: `/meetings/${team.id}`,
    });
    expect(mine.nextOffset).toBeNull();
    expect((await list(max)).items.map((i) => i.id)).toEqual([forMax, private_, anyone]);
    expect((await list(max, '?teamId=personal')).items.map((i) => i.id)).toEqual([private_]);
    // Olga sees the team's items, not Max's own meeting; Sam sees nothing.
    expect((await list(olga)).items.map((i) => i.id)).toEqual([forMax, anyone]);
    expect((await list(sam)).items).toEqual([]);
    expect((await list(sam, `?teamId=${teamId}`)).items).toEqual([]);
    const page = await list(max, '?limit=2');
    expect([page.items.length, page.nextOffset]).toEqual([2, 2]);

    // The page: Max's open items, marked done with the form (no JavaScript), then listed as done.
    const html = await (
      await fetch(`${server().base}/action-items`, { headers: { cookie: max.cookie } })
    ).text();
    expect(html).toContain('Send the cohort sheet');
    expect(html).not.toContain('Book the room'); // assigned to someone else: not "mine"
    const done = await postForm(
      server().base,
      '/action-items?/status',
      { meetingId: team.id, itemId: forMax, status: 'done' },
      max.cookie,
    );
    expect(done.status).toBe(200);
    expect(done.html).toContain('Marked done');
    expect((await list(max, '?assignee=me')).items).toEqual([]);
    const finished = await list(max, '?assignee=me&status=done');
    expect(finished.items.map((i) => [i.id, i.status])).toEqual([[forMax, 'done']]);
    expect(Date.parse(finished.items[0]?.doneAt ?? '')).toBeGreaterThan(Date.now() - 60_000);

    // Someone who may not see the meeting cannot change its items, nor learn they exist.
    const foreign = await postForm(
      server().base,
      '/action-items?/status',
      { meetingId: team.id, itemId: forMax, status: 'open' },
      sam.cookie,
    );
    expect(foreign.status).toBe(404);
    const bad = await postForm(
      server().base,
      '/action-items?/status',
      { meetingId: team.id, itemId: forMax, status: 'finished' },
      max.cookie,
    );
    expect(bad.status).toBe(422);
    expect(bad.html).toContain('status must be one of: open, done.');
    expect((await list(max, '?assignee=me&status=done')).items).toHaveLength(1);
  });

  it('refuses bad filters naming the field, and strangers to the API', async () => {
    const ada = await signupUser(server().base, 'Ada');
    for (const [query, field] of [
      ['?assignee=bob', 'assignee'],
      ['?status=closed', 'status'],
      ['?teamId=acme', 'teamId'],
      ['?limit=0', 'limit'],
      ['?limit=201', 'limit'],
      ['?offset=-1', 'offset'],
    ] as const) {
      const r = await api('GET', `/api/action-items${query}`, ada);
      expect(r.status, query).toBe(422);
      expect(Object.keys(r.body.error?.fields ?? {}), query).toEqual([field]);
    }
    expect((await api('GET', '/api/action-items')).status).toBe(401);
  });
});

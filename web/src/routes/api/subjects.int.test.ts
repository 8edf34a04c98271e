/**
 * Integration: subjects (typeahead, scope, rename, merge), a subject's memory with units that
 * change between meetings, the brief (members only, lines linking to moments) and action items
 * people own — through the built server on Postgres.
 */
import {
  markMeetingEnded,
  recordParticipantJoined,
  replaceActionItems,
  replaceExtractions,
  upsertCoverage,
  upsertSummary,
} from '@parley/db';
import { describe, expect, it } from 'vitest';
import { useApiServer } from '#lib/server/testing/api-server.ts';
import { signupUser, type Caller } from '#lib/server/testing/server.ts';

const { api, server } = useApiServer('web-subjects');

async function meeting(c: Caller, json: Record<string, unknown>) {
  const r = await api('POST', '/api/meetings', {
    ...c,
    json: { title: 'Screening', type: 'investment_screening', ...json },
  });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body.meeting as { id: string; subjectId: string | null; subject: string | null };
}

/** An ended meeting with what the pipeline would have stored. */
async function pastMeeting(c: Caller, teamId: string | null, day: number, mrr: string) {
  const m = await meeting(c, { subject: 'Acme', teamId, title: `Call ${day}` });
  await server()
    .db.updateTable('meetings')
    .set({ started_at: new Date(Date.UTC(2026, 10, day)) })
    .where('id', '=', m.id)
    .execute();
  await markMeetingEnded(server().db, m.id);
  await replaceExtractions(server().db, m.id, 1, [
    {
      fieldId: 'mrr',
      label: 'MRR',
      type: 'money',
      value: mrr,
      unit: 'per month',
      segmentId: 'x',
      startMs: day * 1000,
      source: 'rules',
    },
  ]);
  await upsertSummary(server().db, {
    meetingId: m.id,
    run: 1,
    source: 'extractive',
    overview: `Talked on day ${day}.`,
    keyPoints: [{ text: `Point of day ${day}`, segmentId: 'x', startMs: 4200 }],
    decisions: [],
    openQuestions: [],
  });
  await replaceActionItems(server().db, m.id, 1, [
    {
      text: `Follow-up from day ${day}`,
      ownerIdentity: null,
      ownerName: null,
      dueDate: null,
      dueText: null,
      segmentId: 'x',
      startMs: 9000,
      source: 'rules',
    },
  ]);
  return m;
}

async function guestOf(host: Caller, meetingId: string): Promise<Caller> {
  const link = await api('POST', `/api/meetings/${meetingId}/guest-links`, { ...host, json: {} });
  const join = await api('POST', '/api/guest/join', {
    json: { token: String(link.body.token), displayName: 'Gail' },
  });
  expect(join.status).toBe(201);
  return { bearer: String(join.body.guestToken) };
}

describe('subjects', () => {
  it('are found or created by name within the meeting scope, and listed for typeahead', async () => {
    const ada = await signupUser(server().base, 'Ada');
    const a = await meeting(ada, { subject: 'Globex' });
    const b = await meeting(ada, { subject: ' globex ' });
    expect(a.subjectId).toBeTruthy();
    expect(b).toMatchObject({ subjectId: a.subjectId, subject: 'Globex' });
    const list = await api('GET', '/api/subjects?q=glo', ada);
    expect(list.body.items).toEqual([
      expect.objectContaining({ id: a.subjectId, meetingCount: 2 }),
    ]);
    // Another user's subject cannot be linked by id (422 naming the field, nothing revealed).
    const bob = await signupUser(server().base, 'Bob');
    const r = await api('POST', '/api/meetings', {
      ...bob,
      json: { title: 'Mine', type: 'general', subjectId: a.subjectId },
    });
    expect(r.status).toBe(422);
    expect(Object.keys(r.body.error?.fields ?? {})).toEqual(['subjectId']);
    expect((await api('GET', `/api/subjects/${a.subjectId}`, bob)).status).toBe(404);
    expect((await api('GET', '/api/subjects?limit=0', ada)).body.error?.fields).toHaveProperty(
      'limit',
    );
  });

  it('rename, merge and their bad input: itself, a duplicate name, another team, another scope', async () => {
    const ada = await signupUser(server().base, 'Ada');
    const eve = await signupUser(server().base, 'Eve');
    const one = await meeting(ada, { subject: 'Initech' });
    const two = await meeting(ada, { subject: 'Initech Corp' });
    const evesTeam = (await api('POST', '/api/teams', { ...eve, json: { name: 'Eve Fund' } })).body
      .team as { id: string };
    const foreign = await meeting(eve, { subject: 'Initech', teamId: evesTeam.id });
    const adasTeam = (await api('POST', '/api/teams', { ...ada, json: { name: 'Ada Fund' } })).body
      .team as { id: string };
    const teamOne = await meeting(ada, { subject: 'Initech', teamId: adasTeam.id });

    const self = await api('POST', `/api/subjects/${one.subjectId}/merge`, {
      ...ada,
      json: { into: one.subjectId },
    });
    expect(self.status).toBe(422);
    expect(self.body.error?.fields).toHaveProperty('into');
    const other = await api('POST', `/api/subjects/${one.subjectId}/merge`, {
      ...ada,
      json: { into: foreign.subjectId },
    });
    expect(other.status).toBe(404);
    const scope = await api('POST', `/api/subjects/${one.subjectId}/merge`, {
      ...ada,
      json: { into: teamOne.subjectId },
    });
    expect(scope.status).toBe(422);
    expect(scope.body.error?.fields).toHaveProperty('into');
    const bad = await api('POST', `/api/subjects/${one.subjectId}/merge`, {
      ...ada,
      json: { into: 'nope' },
    });
    expect(bad.body.error?.fields).toHaveProperty('into');

    const dup = await api('PATCH', `/api/subjects/${one.subjectId}`, {
      ...ada,
      json: { name: 'initech corp' },
    });
    expect(dup.status).toBe(422);
    expect(dup.body.error?.fields).toHaveProperty('name');
    const renamed = await api('PATCH', `/api/subjects/${one.subjectId}`, {
      ...ada,
      json: { name: 'Initech Ltd', kind: 'company' },
    });
    expect(renamed.body.subject).toMatchObject({ name: 'Initech Ltd', kind: 'company' });
    expect(
      ((await api('GET', `/api/meetings/${one.id}`, ada)).body.meeting as { subject: string })
        .subject,
    ).toBe('Initech Ltd');

    const merged = await api('POST', `/api/subjects/${two.subjectId}/merge`, {
      ...ada,
      json: { into: one.subjectId },
    });
    expect(merged.status).toBe(200);
    expect(merged.body).toMatchObject({ moved: 1, subject: { id: one.subjectId } });
    expect(
      ((await api('GET', `/api/meetings/${two.id}`, ada)).body.meeting as { subjectId: string })
        .subjectId,
    ).toBe(one.subjectId);
    expect((await api('GET', `/api/subjects/${two.subjectId}`, ada)).status).toBe(404);
  });

  it('team members read a team subject and its memory; only admins rename it; guests see nothing', async () => {
    const owner = await signupUser(server().base, 'Olga');
    const member = await signupUser(server().base, 'Max');
    const teamId = (
      (await api('POST', '/api/teams', { ...owner, json: { name: 'Fund' } })).body.team as {
        id: string;
      }
    ).id;
    const inv = await api('POST', `/api/teams/${teamId}/invites`, {
      ...owner,
      json: { role: 'member' },
    });
    await api('POST', '/api/invites/accept', {
      ...member,
      json: { token: String(inv.body.token) },
    });

    const m1 = await pastMeeting(owner, teamId, 3, '$50k');
    await pastMeeting(owner, teamId, 10, '€55k');
    const m3 = await pastMeeting(owner, teamId, 17, '$65,000');
    await upsertCoverage(server().db, [{ meeting_id: m1.id, item_id: 'mrr', state: 'answered' }]);
    const now = await meeting(owner, { subject: 'acme', teamId, title: 'Today' });
    expect(now.subjectId).toBe(m1.subjectId);

    const view = await api('GET', `/api/subjects/${m1.subjectId}`, member);
    expect(view.status).toBe(200);
    const memory = view.body.memory as {
      metrics: {
        fieldId: string;
        unit: string;
        points: { value: number | null; note: string | null }[];
      }[];
      neverCovered: { itemId: string }[];
      meetings: unknown[];
    };
    const mrr = memory.metrics.find((x) => x.fieldId === 'mrr');
    // $k and $ are converted into one series; € is flagged, never mixed in.
    expect(mrr?.unit).toBe('$');
    expect(mrr?.points.map((p) => p.value)).toEqual([50000, null, 65000]);
    expect(mrr?.points[1]?.note).toMatch(/not compared/);
    expect(memory.neverCovered.map((n) => n.itemId)).not.toContain('mrr');
    expect(memory.neverCovered.length).toBeGreaterThan(0);
    expect(memory.meetings).toHaveLength(4);
    expect(
      (await api('PATCH', `/api/subjects/${m1.subjectId}`, { ...member, json: { name: 'X' } }))
        .status,
    ).toBe(403);

    // The brief for today's meeting: last time (m3), numbers with trend, open items, links.
    const brief = await api('GET', `/api/meetings/${now.id}/brief`, member);
    expect(brief.status).toBe(200);
    const b = brief.body.brief as {
      pastMeetings: number;
      last: { meetingId: string };
      summary: { text: string; href: string }[];
      metrics: { text: string; href: string; change: number; flagged: boolean }[];
      actionItems: { text: string; href: string }[];
      neverCovered: { href: string }[];
    };
    expect(b.pastMeetings).toBe(3);
    expect(b.last.meetingId).toBe(m3.id);
    expect(b.summary[0]?.text).toBe('Talked on day 17.');
    expect(b.summary[1]).toEqual(expect.objectContaining({ href: `/meetings/${m3.id}?t=4200` }));
    expect(b.metrics[0]).toMatchObject({ href: `/meetings/${m3.id}?t=17000`, flagged: true });
    expect(b.metrics[0]?.text).toMatch(/\$65k .*was \$50k/);
    expect(b.metrics[0]?.change).toBeCloseTo(0.3);
    expect(b.actionItems.map((a) => a.text)).toEqual([
      'Follow-up from day 17',
      'Follow-up from day 10',
      'Follow-up from day 3',
    ]);
    expect(b.actionItems[0]?.href).toBe(`/meetings/${m3.id}?t=9000`);

    const guest = await guestOf(owner, now.id);
    expect((await api('GET', `/api/meetings/${now.id}/brief`, guest)).status).toBe(404);
    expect((await api('GET', `/api/subjects/${m1.subjectId}`, guest)).status).toBe(404);
    const stranger = await signupUser(server().base, 'Sam');
    expect((await api('GET', `/api/meetings/${now.id}/brief`, stranger)).status).toBe(404);
    const plain = await meeting(owner, { title: 'No subject' });
    expect((await api('GET', `/api/meetings/${plain.id}/brief`, owner)).body).toEqual({
      brief: null,
    });

    // The team is deleted: the team subject's page is gone (404); the meetings, now personal,
    // open (API and page) with a personal subject of the same name that keeps the memory.
    expect((await api('DELETE', `/api/teams/${teamId}`, owner)).status).toBe(204);
    expect((await api('GET', `/api/subjects/${m1.subjectId}`, owner)).status).toBe(404);
    const after = await api('GET', `/api/meetings/${m3.id}`, owner);
    expect(after.status).toBe(200);
    const moved = after.body.meeting as {
      teamId: string | null;
      subjectId: string;
      subject: string;
    };
    expect(moved).toMatchObject({ teamId: null, subject: 'Acme' });
    expect(moved.subjectId).not.toBe(m1.subjectId);
    const personal = await api('GET', `/api/subjects/${moved.subjectId}`, owner);
    expect(personal.status).toBe(200);
    expect((personal.body.memory as { meetings: unknown[] }).meetings).toHaveLength(4);
    expect((await api('GET', `/meetings/${m3.id}`, owner)).status).toBe(200);
    expect((await api('GET', `/subjects/${m1.subjectId}`, owner)).status).toBe(404);
    expect((await api('GET', `/api/meetings/${m3.id}`, member)).status).toBe(404);
  });
});

describe('action items', () => {
  it('done / undo, edit, assign to a participant or free text, due date, accept / reject; bad input named', async () => {
    const ada = await signupUser(server().base, 'Ada');
    const m = await pastMeeting(ada, null, 5, '$10k');
    await recordParticipantJoined(server().db, {
      meetingId: m.id,
      identity: 'guest-123',
      participantSid: 'PA_1',
      name: 'Gail Guest',
      userId: null,
      joinedAt: new Date(),
    });
    const view = await api('GET', `/api/meetings/${m.id}/postmeeting`, ada);
    const [item] = view.body.actionItems as { id: string; review: string }[];
    expect(item?.review).toBe('pending');
    const url = `/api/meetings/${m.id}/action-items/${item?.id}`;
    const patch = (json: unknown, c: Caller = ada) => api('PATCH', url, { ...c, json });

    expect((await patch({ status: 'done' })).body.item).toMatchObject({ status: 'done' });
    expect((await patch({ status: 'open' })).body.item).toMatchObject({ status: 'open' });
    expect((await patch({ review: 'rejected' })).body.item).toMatchObject({ review: 'rejected' });
    expect((await patch({ review: 'accepted' })).body.item).toMatchObject({ review: 'accepted' });
    const assigned = await patch({
      ownerIdentity: 'guest-123',
      dueDate: '2027-03-31',
      text: 'Hire a head of sales',
    });
    expect(assigned.body.item).toMatchObject({
      owner: 'Gail Guest',
      ownerIdentity: 'guest-123',
      dueDate: '2027-03-31',
      text: 'Hire a head of sales',
      edited: true,
    });
    expect((await patch({ ownerName: 'Bob from finance' })).body.item).toMatchObject({
      owner: 'Bob from finance',
      ownerIdentity: null,
    });

    const notThere = await patch({ ownerIdentity: 'someone-else' });
    expect(notThere.status).toBe(422);
    expect(Object.keys(notThere.body.error?.fields ?? {})).toEqual(['ownerIdentity']);
    // Someone who is not a participant: free text, stored apart from any identity.
    const free = await patch({ ownerName: 'Someone Else', ownerIdentity: null });
    expect(free.body.item).toMatchObject({ owner: 'Someone Else', ownerIdentity: null });
    const row = await server()
      .db.selectFrom('action_items')
      .select(['owner_name', 'owner_identity'])
      .where('id', '=', item?.id ?? '')
      .executeTakeFirst();
    expect(row).toEqual({ owner_name: 'Someone Else', owner_identity: null });
    for (const ownerName of ['   ', 'x'.repeat(256)]) {
      const bad = await patch({ ownerName });
      expect(bad.status).toBe(422);
      expect(Object.keys(bad.body.error?.fields ?? {})).toEqual(['ownerName']);
    }
    const badDate = await patch({ dueDate: '31/03/2027' });
    expect(badDate.status).toBe(422);
    expect(badDate.body.error?.fields).toHaveProperty('dueDate');
    expect((await patch({ status: 'maybe' })).body.error?.fields).toHaveProperty('status');
    expect((await patch({ text: '  ' })).body.error?.fields).toHaveProperty('text');
    expect(
      (
        await api('PATCH', `/api/meetings/${m.id}/action-items/${crypto.randomUUID()}`, {
          ...ada,
          json: { status: 'done' },
        })
      ).status,
    ).toBe(404);
    expect(
      (
        await api('PATCH', `/api/meetings/${m.id}/action-items/nope`, {
          ...ada,
          json: { status: 'done' },
        })
      ).status,
    ).toBe(404);

    const created = await api('POST', `/api/meetings/${m.id}/action-items`, {
      ...ada,
      json: { text: 'Write to Eve' },
    });
    expect(created.status).toBe(201);
    expect(created.body.item).toMatchObject({ source: 'user', review: 'accepted', status: 'open' });

    // Strangers and guests: 404.
    const sam = await signupUser(server().base, 'Sam');
    expect((await patch({ status: 'done' }, sam)).status).toBe(404);
    const guest = await guestOf(ada, m.id);
    expect((await patch({ status: 'done' }, guest)).status).toBe(404);
  });
});

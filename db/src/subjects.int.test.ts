import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import {
  createActionItem,
  createMeeting,
  createTeam,
  createUser,
  deleteTeam,
  deleteUserAccount,
  findSubjectLastSummary,
  findSubjectWithRelation,
  listActionItems,
  listSubjectMeetings,
  listSubjectMetrics,
  listSubjectNeverCovered,
  listSubjectOpenActionItems,
  listVisibleSubjects,
  markMeetingEnded,
  mergeSubjects,
  replaceActionItems,
  replaceExtractions,
  setMeetingSubject,
  SubjectScopeError,
  updateActionItem,
  updateMeeting,
  updateSubject,
  upsertCoverage,
  upsertSummary,
  type ActionItemInput,
} from './index.ts';
import * as subjectsMigration from './migrations/2026_12_05_0100_subjects.ts';
import * as actionItemsMigration from './migrations/2026_12_05_0110_action_item_edits.ts';
import { useTestDatabase } from './use-test-database.ts';

const t = useTestDatabase({ truncateEach: true });

const user = async (email: string) => {
  const u = await createUser(t.db, { email, name: email.split('@')[0] ?? 'x', passwordHash: 'x' });
  if (!u) throw new Error('user not created');
  return u;
};
const addMember = (teamId: string, userId: string, role: 'admin' | 'member' = 'member') =>
  t.db.insertInto('team_members').values({ team_id: teamId, user_id: userId, role }).execute();

describe('migration of free-text subjects', () => {
  it('makes one subject per scope and name, links the meetings, and clears blank ones', async () => {
    const ada = await user('ada@example.com');
    const bob = await user('bob@example.com');
    const team = await createTeam(t.db, { name: 'Fund', ownerId: ada.id });
    const m = async (owner: string, subject: string, teamId: string | null = null) =>
      (await createMeeting(t.db, { title: 't', type: 'general', ownerId: owner, teamId })).id;
    const ids = {
      a1: await m(ada.id, 'Acme'),
      a2: await m(ada.id, ' acme '),
      b1: await m(bob.id, 'ACME'),
      t1: await m(ada.id, 'Acme Inc', team.id),
      t2: await m(bob.id, 'acme inc', team.id),
      blank: await m(ada.id, '  '),
    };
    // Back to the schema before subjects, with the free text the old code wrote.
    await actionItemsMigration.down(t.db);
    await subjectsMigration.down(t.db);
    const texts: Record<string, string> = {
      a1: 'Acme',
      a2: ' acme ',
      b1: 'ACME',
      t1: 'Acme Inc',
      t2: 'acme inc',
      blank: '  ',
    };
    for (const [k, id] of Object.entries(ids)) {
      await sql`update meetings set subject = ${texts[k] ?? null} where id = ${id}`.execute(t.db);
    }
    await subjectsMigration.up(t.db);
    await actionItemsMigration.up(t.db);

    const rows = await t.db
      .selectFrom('meetings')
      .select(['id', 'subject', 'subject_id'])
      .execute();
    const by = new Map(rows.map((r) => [r.id, r]));
    expect(by.get(ids.a1)?.subject_id).toBe(by.get(ids.a2)?.subject_id);
    expect(by.get(ids.a1)?.subject_id).not.toBe(by.get(ids.b1)?.subject_id);
    expect(by.get(ids.t1)?.subject_id).toBe(by.get(ids.t2)?.subject_id);
    expect(by.get(ids.t1)?.subject_id).not.toBeNull();
    expect(by.get(ids.blank)).toMatchObject({ subject: null, subject_id: null });
    // The name copied onto every meeting is the subject's one spelling.
    expect(by.get(ids.a1)?.subject).toBe(by.get(ids.a2)?.subject);
    const subjects = await t.db.selectFrom('subjects').selectAll().execute();
    expect(subjects).toHaveLength(3);
    expect(subjects.find((s) => s.team_id === team.id)?.name.toLowerCase()).toBe('acme inc');
  });
});

describe('subjects', () => {
  it('links meetings by name within their scope, case-insensitively', async () => {
    const ada = await user('ada@example.com');
    const team = await createTeam(t.db, { name: 'Fund', ownerId: ada.id });
    const m1 = await createMeeting(t.db, {
      title: 'a',
      type: 'general',
      ownerId: ada.id,
      subject: 'Acme',
    });
    const m2 = await createMeeting(t.db, {
      title: 'b',
      type: 'general',
      ownerId: ada.id,
      subject: 'acme ',
    });
    const m3 = await createMeeting(t.db, {
      title: 'c',
      type: 'general',
      ownerId: ada.id,
      teamId: team.id,
      subject: 'Acme',
    });
    expect(m1.subject_id).not.toBeNull();
    expect(m2).toMatchObject({ subject_id: m1.subject_id, subject: 'Acme' });
    expect(m3.subject_id).not.toBe(m1.subject_id);
    // Another scope's subject cannot be linked by id.
    await expect(
      createMeeting(t.db, {
        title: 'd',
        type: 'general',
        ownerId: ada.id,
        subjectId: m3.subject_id,
      }),
    ).rejects.toBeInstanceOf(SubjectScopeError);
    expect(await setMeetingSubject(t.db, m1.id, m3.subject_id)).toBe(false);
    // Moving a meeting into the team relinks its subject by name there.
    const moved = await updateMeeting(t.db, m2.id, { teamId: team.id });
    expect(moved?.subject_id).toBe(m3.subject_id);
  });

  it("moves with a deleted team's meetings to their owners as personal subjects", async () => {
    const ada = await user('ada@example.com');
    const bob = await user('bob@example.com');
    const team = await createTeam(t.db, { name: 'Fund', ownerId: ada.id });
    await addMember(team.id, bob.id);
    const mk = (ownerId: string, title: string) =>
      createMeeting(t.db, { title, type: 'general', ownerId, teamId: team.id, subject: 'Acme' });
    const [a1, a2, b1] = [await mk(ada.id, 'a1'), await mk(ada.id, 'a2'), await mk(bob.id, 'b1')];
    const teamSubject = a1.subject_id ?? '';
    // Ada already has a personal "ACME": her meetings join it rather than a second one.
    const own = await createMeeting(t.db, {
      title: 'own',
      type: 'general',
      ownerId: ada.id,
      subject: 'ACME',
    });
    await deleteTeam(t.db, team.id);

    const rows = await t.db
      .selectFrom('meetings')
      .select(['id', 'team_id', 'subject_id', 'subject'])
      .where('id', 'in', [a1.id, a2.id, b1.id])
      .orderBy('title')
      .execute();
    expect(rows.every((r) => r.team_id === null)).toBe(true);
    expect(rows[0]).toMatchObject({ subject_id: own.subject_id, subject: 'ACME' });
    expect(rows[1]?.subject_id).toBe(own.subject_id);
    expect(rows[2]?.subject).toBe('Acme');
    expect(await findSubjectWithRelation(t.db, rows[2]?.subject_id ?? '', bob.id)).toMatchObject({
      teamRole: null,
    });
    expect(await findSubjectWithRelation(t.db, rows[2]?.subject_id ?? '', ada.id)).toBeUndefined();
    expect(await findSubjectWithRelation(t.db, teamSubject, ada.id)).toBeUndefined();
    expect((await listSubjectMeetings(t.db, own.subject_id ?? '')).map((m) => m.id).sort()).toEqual(
      [a1.id, a2.id, own.id].sort(),
    );
  });

  it('is seen by its owner (personal) or its team members only', async () => {
    const ada = await user('ada@example.com');
    const bob = await user('bob@example.com');
    const eve = await user('eve@example.com');
    const team = await createTeam(t.db, { name: 'Fund', ownerId: ada.id });
    await addMember(team.id, bob.id);
    const own = await createMeeting(t.db, {
      title: 'a',
      type: 'general',
      ownerId: ada.id,
      subject: 'Mine',
    });
    const shared = await createMeeting(t.db, {
      title: 'b',
      type: 'general',
      ownerId: ada.id,
      teamId: team.id,
      subject: 'Shared',
    });
    const ownId = own.subject_id ?? '';
    const sharedId = shared.subject_id ?? '';
    expect(await findSubjectWithRelation(t.db, ownId, ada.id)).toMatchObject({ teamRole: null });
    expect(await findSubjectWithRelation(t.db, ownId, bob.id)).toBeUndefined();
    expect(await findSubjectWithRelation(t.db, sharedId, bob.id)).toMatchObject({
      teamRole: 'member',
    });
    expect(await findSubjectWithRelation(t.db, sharedId, eve.id)).toBeUndefined();
    expect((await listVisibleSubjects(t.db, bob.id)).map((s) => s.name)).toEqual(['Shared']);
    expect((await listVisibleSubjects(t.db, ada.id, { q: 'mi' })).map((s) => s.name)).toEqual([
      'Mine',
    ]);
    expect((await listVisibleSubjects(t.db, ada.id, { q: '%' })).map((s) => s.name)).toEqual([]);
    // The creator's account goes: the team keeps its subject (handed on), the personal one goes.
    await deleteUserAccount(t.db, ada.id);
    expect(await findSubjectWithRelation(t.db, sharedId, bob.id)).toMatchObject({
      subject: { owner_id: bob.id },
    });
    expect(
      await t.db.selectFrom('subjects').select('id').where('id', '=', ownId).execute(),
    ).toEqual([]);
  });

  it('renames (meetings follow), refuses a duplicate name, and merges within one scope', async () => {
    const ada = await user('ada@example.com');
    const team = await createTeam(t.db, { name: 'Fund', ownerId: ada.id });
    const a = await createMeeting(t.db, {
      title: 'a',
      type: 'general',
      ownerId: ada.id,
      subject: 'Acme',
    });
    const b = await createMeeting(t.db, {
      title: 'b',
      type: 'general',
      ownerId: ada.id,
      subject: 'ACME Corp',
    });
    const tm = await createMeeting(t.db, {
      title: 'c',
      type: 'general',
      ownerId: ada.id,
      teamId: team.id,
      subject: 'Acme',
    });
    const acme = a.subject_id ?? '';
    const corp = b.subject_id ?? '';
    expect(await updateSubject(t.db, acme, { name: 'acme corp' })).toBe('duplicate');
    const renamed = await updateSubject(t.db, acme, { name: 'Acme Ltd', kind: 'company' });
    expect(renamed).toMatchObject({ name: 'Acme Ltd', kind: 'company' });
    expect(
      (
        await t.db
          .selectFrom('meetings')
          .select('subject')
          .where('id', '=', a.id)
          .executeTakeFirst()
      )?.subject,
    ).toBe('Acme Ltd');

    expect(await mergeSubjects(t.db, acme, acme)).toBe('same');
    expect(await mergeSubjects(t.db, acme, tm.subject_id ?? '')).toBe('scope');
    expect(await mergeSubjects(t.db, acme, crypto.randomUUID())).toBe('not_found');
    const merged = await mergeSubjects(t.db, corp, acme);
    expect(merged).toMatchObject({ moved: 1, merged: { id: acme } });
    const bNow = await t.db
      .selectFrom('meetings')
      .selectAll()
      .where('id', '=', b.id)
      .executeTakeFirst();
    expect(bNow).toMatchObject({ subject_id: acme, subject: 'Acme Ltd' });
    expect(await t.db.selectFrom('subjects').select('id').where('id', '=', corp).execute()).toEqual(
      [],
    );
  });
});

const item = (text: string, extra: Partial<ActionItemInput> = {}): ActionItemInput => ({
  text,
  ownerIdentity: null,
  ownerName: null,
  dueDate: null,
  dueText: null,
  segmentId: null,
  startMs: 1000,
  source: 'rules',
  ...extra,
});

describe("a subject's memory", () => {
  it('reads metrics, open action items, never-covered items and the last summary of ended meetings', async () => {
    const ada = await user('ada@example.com');
    const checklist = [
      { id: 'mrr', title: 'Revenue', description: '', keywords: [], priority: 'critical' as const },
      {
        id: 'churn',
        title: 'Churn',
        description: '',
        keywords: [],
        priority: 'important' as const,
      },
    ];
    const meet = async (title: string, startedAt: string) => {
      const m = await createMeeting(t.db, {
        title,
        type: 'investment_screening',
        ownerId: ada.id,
        subject: 'Acme',
        checklist,
      });
      await t.db
        .updateTable('meetings')
        .set({ started_at: startedAt })
        .where('id', '=', m.id)
        .execute();
      await markMeetingEnded(t.db, m.id);
      return m;
    };
    const m1 = await meet('first', '2026-11-03T10:00:00Z');
    const m2 = await meet('second', '2026-12-01T10:00:00Z');
    const live = await createMeeting(t.db, {
      title: 'now',
      type: 'general',
      ownerId: ada.id,
      subject: 'Acme',
    });
    const subjectId = m1.subject_id ?? '';
    const mrr = (value: string, startMs: number) => ({
      fieldId: 'mrr',
      label: 'MRR',
      type: 'money',
      value,
      unit: 'per month',
      segmentId: 's1',
      startMs,
      source: 'rules' as const,
    });
    await replaceExtractions(t.db, m1.id, 1, [mrr('$50k', 5000)]);
    await replaceExtractions(t.db, m2.id, 1, [mrr('$65k', 7000)]);
    await replaceActionItems(t.db, m1.id, 1, [item('Hire a head of sales'), item('Send the deck')]);
    await replaceActionItems(t.db, m2.id, 1, [item('Share the churn numbers')]);
    const [hire, deck] = await listActionItems(t.db, m1.id);
    await updateActionItem(t.db, m1.id, deck?.id ?? '', { status: 'done' }, ada.id);
    await upsertCoverage(t.db, [{ meeting_id: m2.id, item_id: 'mrr', state: 'answered' }]);
    await upsertCoverage(t.db, [{ meeting_id: m1.id, item_id: 'churn', state: 'not_discussed' }]);
    await upsertSummary(t.db, {
      meetingId: m2.id,
      run: 1,
      source: 'extractive',
      overview: 'Second talk.',
      keyPoints: [],
      decisions: [],
      openQuestions: [],
    });

    const metrics = await listSubjectMetrics(t.db, subjectId);
    expect(metrics.map((r) => [r.meeting_id, r.value, r.start_ms])).toEqual([
      [m1.id, '$50k', 5000],
      [m2.id, '$65k', 7000],
    ]);
    const open = await listSubjectOpenActionItems(t.db, subjectId);
    expect(open.map((o) => o.text)).toEqual(['Share the churn numbers', 'Hire a head of sales']);
    expect(open[1]).toMatchObject({ id: hire?.id, meeting_title: 'first' });
    expect(
      (await listSubjectOpenActionItems(t.db, subjectId, { excludeMeetingId: m2.id })).map(
        (o) => o.text,
      ),
    ).toEqual(['Hire a head of sales']);
    const never = await listSubjectNeverCovered(t.db, subjectId);
    expect(never).toEqual([
      expect.objectContaining({
        item_id: 'churn',
        title: 'Churn',
        meetings: 2,
        last_meeting_id: m2.id,
      }),
    ]);
    expect(await findSubjectLastSummary(t.db, subjectId)).toMatchObject({
      meeting_id: m2.id,
      overview: 'Second talk.',
    });
    expect(
      await findSubjectLastSummary(t.db, subjectId, { excludeMeetingId: m2.id }),
    ).toBeUndefined();
    const timeline = await listSubjectMeetings(t.db, subjectId);
    expect(timeline.map((m) => m.id)).toEqual([live.id, m2.id, m1.id]);
    expect(timeline[1]?.overview).toBe('Second talk.');
  });
});

describe('action items people own', () => {
  it('keep their edits, status and review across re-runs of the pipeline', async () => {
    const ada = await user('ada@example.com');
    const m = await createMeeting(t.db, { title: 'a', type: 'general', ownerId: ada.id });
    await replaceActionItems(t.db, m.id, 1, [
      item('Send the deck'),
      item('Hire a head of sales'),
      item('Book the venue'),
      item('Call the bank'),
    ]);
    const [deck, hire, venue] = await listActionItems(t.db, m.id);
    await updateActionItem(t.db, m.id, deck?.id ?? '', { status: 'done' }, ada.id);
    const edited = await updateActionItem(
      t.db,
      m.id,
      hire?.id ?? '',
      { text: 'Hire a VP of sales', ownerName: 'Bob', dueDate: '2027-03-31' },
      ada.id,
    );
    expect(edited).toMatchObject({ review: 'accepted', owner_name: 'Bob', due_date: '2027-03-31' });
    await updateActionItem(t.db, m.id, venue?.id ?? '', { review: 'rejected' }, ada.id);
    const own = await createActionItem(
      t.db,
      m.id,
      { text: 'Write to Eve', ownerIdentity: null, ownerName: null, dueDate: null },
      ada.id,
    );
    expect(own).toMatchObject({ source: 'user', review: 'accepted', position: 4 });

    // The re-run finds the same items again (and one new one, and loses "Call the bank").
    await replaceActionItems(t.db, m.id, 2, [
      item('Send the deck.'),
      item('Hire a head of sales'),
      item('Book the venue'),
      item('Ask for intros'),
    ]);
    const after = await listActionItems(t.db, m.id);
    expect(after.map((i) => [i.text, i.status, i.review])).toEqual([
      ['Send the deck', 'done', 'pending'],
      ['Hire a VP of sales', 'open', 'accepted'],
      ['Book the venue', 'open', 'rejected'],
      ['Ask for intros', 'open', 'pending'],
      ['Write to Eve', 'open', 'accepted'],
    ]);
    expect(after.find((i) => i.text === 'Ask for intros')?.run).toBe(2);
    // Undo brings it back to open.
    const undone = await updateActionItem(t.db, m.id, deck?.id ?? '', { status: 'open' }, ada.id);
    expect(undone).toMatchObject({ status: 'open', done_at: null });
    expect(
      await updateActionItem(t.db, crypto.randomUUID(), deck?.id ?? '', { status: 'done' }, ada.id),
    ).toBeUndefined();
  });
});

import { describe, expect, it } from 'vitest';
import {
  createActionItem,
  createMeeting,
  createTeam,
  createUser,
  listVisibleActionItems,
  updateActionItem,
  type VisibleActionItemsQuery,
} from './index.ts';
import { useTestDatabase } from './use-test-database.ts';

const t = useTestDatabase({ truncateEach: true });

const user = async (email: string) => {
  const u = await createUser(t.db, { email, name: email.split('@')[0] ?? 'x', passwordHash: 'x' });
  if (!u) throw new Error('user not created');
  return u;
};

/** Ada's view of a little world: her meetings, her team's, and others she may not see. */
async function world() {
  const ada = await user('ada@example.com');
  const bob = await user('bob@example.com');
  const team = await createTeam(t.db, { name: 'Fund', ownerId: ada.id });
  const other = await createTeam(t.db, { name: 'Other', ownerId: bob.id });
  await t.db
    .insertInto('team_members')
    .values({ team_id: team.id, user_id: bob.id, role: 'member' })
    .execute();
  const meeting = async (title: string, owner: string, teamId: string | null, day: number) =>
    (
      await createMeeting(t.db, {
        title,
        type: 'general',
        ownerId: owner,
        teamId,
        scheduledAt: new Date(Date.UTC(2026, 11, day, 9)),
      })
    ).id;
  const m = {
    personal: await meeting('Ada alone', ada.id, null, 1),
    teamOld: await meeting('Team old', bob.id, team.id, 2),
    teamNew: await meeting('Team new', bob.id, team.id, 3),
    bobs: await meeting('Bob alone', bob.id, null, 4),
    foreign: await meeting('Other team', bob.id, other.id, 5),
  };
  const item = async (
    meetingId: string,
    text: string,
    owner: { id: string; name: string } | null,
    dueDate: string | null = null,
  ) =>
    (
      await createActionItem(
        t.db,
        meetingId,
        { text, ownerIdentity: owner?.id ?? null, ownerName: owner?.name ?? null, dueDate },
        ada.id,
      )
    ).id;
  const A = { id: ada.id, name: 'Ada' };
  const B = { id: bob.id, name: 'Bob' };
  const i = {
    soon: await item(m.teamOld, 'Send the deck', A, '2026-12-10'),
    later: await item(m.personal, 'Book the venue', A, '2026-12-20'),
    undatedNew: await item(m.teamNew, 'Call Acme', A),
    undatedOld: await item(m.personal, 'Write notes', A),
    bobsInTeam: await item(m.teamNew, 'Bob reviews', B, '2026-12-01'),
    nobody: await item(m.teamOld, 'Someone orders pizza', null),
    rejected: await item(m.teamNew, 'Not a task', A),
    invisible: await item(m.bobs, 'Bob private', A),
    foreign: await item(m.foreign, 'Other team task', A, '2026-12-02'),
  };
  await updateActionItem(t.db, m.teamNew, i.rejected, { review: 'rejected' }, ada.id);
  return { ada, bob, team, m, i };
}

const q = (over: Partial<VisibleActionItemsQuery> = {}): VisibleActionItemsQuery => ({
  mine: false,
  status: 'open',
  limit: 50,
  offset: 0,
  ...over,
});

describe('action items across meetings (listVisibleActionItems)', () => {
  it('lists open items of visible meetings only, by due date, undated last (newest meeting first)', async () => {
    const { ada, i, m } = await world();
    const rows = await listVisibleActionItems(t.db, ada.id, q());
    expect(rows.map((r) => r.id)).toEqual([
      i.bobsInTeam,
      i.soon,
      i.later,
      i.undatedNew,
      i.nobody,
      i.undatedOld,
    ]);
    const first = rows[1];
    expect(first).toMatchObject({
      meeting_title: 'Team old',
      meeting_id: m.teamOld,
      due_date: '2026-12-10',
      owner_name: 'Ada',
    });
    expect(first?.meeting_at.toISOString()).toBe('2026-12-02T09:00:00.000Z');
  });

  it('"mine" is what is assigned to the user; a team or personal filter narrows it', async () => {
    const { ada, bob, i, team } = await world();
    const ids = async (userId: string, over: Partial<VisibleActionItemsQuery>) =>
      (await listVisibleActionItems(t.db, userId, q(over))).map((r) => r.id);
    expect(await ids(ada.id, { mine: true })).toEqual([
      i.soon,
      i.later,
      i.undatedNew,
      i.undatedOld,
    ]);
    expect(await ids(ada.id, { mine: true, teamId: team.id })).toEqual([i.soon, i.undatedNew]);
    expect(await ids(ada.id, { teamId: null })).toEqual([i.later, i.undatedOld]);
    // Bob sees the team's items, not Ada's personal ones; Ada's item in Bob's own meeting shows
    // to him (he owns the meeting), not to Ada.
    expect(await ids(bob.id, { mine: true })).toEqual([i.bobsInTeam]);
    expect(await ids(bob.id, {})).toContain(i.invisible);
    expect(await ids(bob.id, {})).not.toContain(i.later);
  });

  it('done items come most recently done first; "all" puts open ones before them', async () => {
    const { ada, i, m } = await world();
    await updateActionItem(t.db, m.personal, i.later, { status: 'done' }, ada.id);
    await new Promise((r) => setTimeout(r, 20));
    await updateActionItem(t.db, m.teamOld, i.soon, { status: 'done' }, ada.id);
    const done = await listVisibleActionItems(t.db, ada.id, q({ status: 'done' }));
    expect(done.map((r) => r.id)).toEqual([i.soon, i.later]);
    expect(done[0]?.done_at).toBeInstanceOf(Date);
    const all = await listVisibleActionItems(t.db, ada.id, q({ status: 'all', mine: true }));
    expect(all.map((r) => r.id)).toEqual([i.undatedNew, i.undatedOld, i.soon, i.later]);
  });

  it('pages: one row more than the limit says there is more; offsets continue in order', async () => {
    const { ada } = await world();
    const every = (await listVisibleActionItems(t.db, ada.id, q())).map((r) => r.id);
    const p1 = await listVisibleActionItems(t.db, ada.id, q({ limit: 4 }));
    const p2 = await listVisibleActionItems(t.db, ada.id, q({ limit: 4, offset: 4 }));
    expect(p1).toHaveLength(5);
    expect(p2).toHaveLength(2);
    expect([...p1.slice(0, 4), ...p2].map((r) => r.id)).toEqual(every);
  });
});

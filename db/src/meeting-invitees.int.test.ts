// Calendar invitees on Postgres: addresses are linked only to users who may see the meeting, a
// member who leaves the team reads as an external address again, a meeting that started is not
// changed, and deleting an account removes the invitations that named it.
import { describe, expect, it } from 'vitest';
import {
  acceptTeamInvite,
  createMeeting,
  createTeam,
  createTeamInvite,
  createUser,
  deleteUserAccount,
  listMeetingInvitees,
  removeTeamMember,
  setMeetingCalendarDetails,
} from './index.ts';
import { useTestDatabase } from './use-test-database.ts';

const t = useTestDatabase();

let n = 0;
const user = async (name: string) => {
  const u = await createUser(t.db, {
    email: `${name}${++n}@Example.com`,
    name,
    passwordHash: 'x',
  });
  if (!u) throw new Error('user not created');
  return { ...u, address: u.email.toLowerCase() };
};

describe('meeting invitees', () => {
  it('links members who may see the meeting, and only them', async () => {
    const owner = await user('Ada');
    const member = await user('Grace');
    const leaver = await user('Lea');
    const outsider = await user('Olive');
    const team = await createTeam(t.db, { name: 'T', ownerId: owner.id });
    for (const u of [member, leaver]) {
      await createTeamInvite(t.db, {
        teamId: team.id,
        tokenHash: `h-${u.id}`,
        role: 'member',
        createdBy: owner.id,
        expiresAt: new Date(Date.now() + 60_000),
      });
      await acceptTeamInvite(t.db, `h-${u.id}`, u.id);
    }
    const m = await createMeeting(t.db, {
      title: 'M',
      type: 'general',
      ownerId: owner.id,
      teamId: team.id,
      scheduledAt: new Date(Date.now() + 86_400_000),
    });
    const invitees = [owner, member, leaver, outsider].map((u) => ({
      email: u.address,
      organizer: u === owner,
    }));
    expect(
      await setMeetingCalendarDetails(t.db, m.id, { invitees, eventUrl: 'https://x.example/' }),
    ).toBe(true);
    const linked = async () =>
      Object.fromEntries((await listMeetingInvitees(t.db, m.id)).map((i) => [i.email, i.userId]));
    expect(await linked()).toEqual({
      [owner.address]: owner.id,
      [member.address]: member.id,
      [leaver.address]: leaver.id,
      [outsider.address]: null,
    });
    // Leaving the team: the address is shown as external again.
    await removeTeamMember(t.db, team.id, leaver.id);
    expect((await linked())[leaver.address]).toBeNull();
    // Deleting an account removes the invitations linked to it.
    await deleteUserAccount(t.db, member.id);
    expect(Object.keys(await linked()).sort()).toEqual(
      [owner.address, leaver.address, outsider.address].sort(),
    );
  });

  it('writes only the difference: the same event again changes no row', async () => {
    const owner = await user('Cy');
    const m = await createMeeting(t.db, { title: 'Poll', type: 'general', ownerId: owner.id });
    const a = { email: 'a@example.com', organizer: true };
    const b = { email: 'b@example.com', organizer: false };
    const set = (invitees: { email: string; organizer: boolean }[], eventUrl?: string) =>
      setMeetingCalendarDetails(t.db, m.id, { invitees, eventUrl });
    const rows = () =>
      t.db
        .selectFrom('meeting_invitees')
        .select(['email', 'organizer', 'created_at'])
        .where('meeting_id', '=', m.id)
        .orderBy('email')
        .execute();
    expect(await set([a, b, { ...b, organizer: true }], 'https://x.example/e')).toBe(true);
    const first = await rows();
    expect(first.map((r) => [r.email, r.organizer])).toEqual([
      ['a@example.com', true],
      ['b@example.com', false],
    ]);
    // The next poll finds the event as it was: nothing written, rows untouched.
    expect(await set([b, a], 'https://x.example/e')).toBe(false);
    expect(await rows()).toEqual(first);
    // Each kind of change is seen: the link, a role, an address gone, an address new.
    expect(await set([a, b], 'https://x.example/moved')).toBe(true);
    expect(await set([a, { ...b, organizer: true }])).toBe(true);
    expect(await set([a])).toBe(true);
    expect(await set([a, { email: 'c@example.com', organizer: false }])).toBe(true);
    expect((await rows()).map((r) => r.email)).toEqual(['a@example.com', 'c@example.com']);
    // A kept address keeps its row (and its time of invitation).
    expect((await rows())[0]?.created_at).toEqual(first[0]?.created_at);
    // The owner's own address becomes linked: a change too.
    expect(await set([a, { email: owner.address, organizer: false }])).toBe(true);
    expect(await set([a, { email: owner.address, organizer: false }])).toBe(false);
    expect(await set([])).toBe(true);
    expect(await rows()).toEqual([]);
    expect(await set([])).toBe(false);
  });

  it('changes nothing once the meeting has started', async () => {
    const owner = await user('Bea');
    const m = await createMeeting(t.db, { title: 'Live', type: 'general', ownerId: owner.id });
    await t.db.updateTable('meetings').set({ status: 'live' }).where('id', '=', m.id).execute();
    const invitees = [{ email: 'x@example.com', organizer: false }];
    expect(await setMeetingCalendarDetails(t.db, m.id, { invitees })).toBe(false);
    expect(await listMeetingInvitees(t.db, m.id)).toEqual([]);
  });
});

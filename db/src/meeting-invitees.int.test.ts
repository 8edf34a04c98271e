// Calendar invitees on Postgres: addresses are linked only to users who may see the meeting, a
// member who leaves the team reads as an external address again, a meeting that started is not
// changed, and deleting an account removes the invitations that named it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
import { createTestDatabase, testServerUrl, type TestDatabase } from './testing.ts';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase(testServerUrl());
});
afterAll(async () => {
  await t?.drop();
});

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

  it('changes nothing once the meeting has started', async () => {
    const owner = await user('Bea');
    const m = await createMeeting(t.db, { title: 'Live', type: 'general', ownerId: owner.id });
    await t.db.updateTable('meetings').set({ status: 'live' }).where('id', '=', m.id).execute();
    const invitees = [{ email: 'x@example.com', organizer: false }];
    expect(await setMeetingCalendarDetails(t.db, m.id, { invitees })).toBe(false);
    expect(await listMeetingInvitees(t.db, m.id)).toEqual([]);
  });
});

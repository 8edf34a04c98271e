import { describe, expect, it } from 'vitest';
import {
  acceptTeamInvite,
  createGuestLink,
  createGuestSession,
  createMeeting,
  createSession,
  createTeam,
  createTeamInvite,
  createUser,
  deleteUserAccount,
  meetingsDeletedWithAccount,
  findMeetingWithRelation,
  findSession,
  findSessionWithMeeting,
  findSessionsWithMeetings,
  isGuestActive,
  listGuestIdentities,
  listTeamMembers,
  listVisibleMeetings,
  recordParticipantJoined,
  revokeGuestLink,
} from './index.ts';
import { useTestDatabase } from './use-test-database.ts';

const t = useTestDatabase({ truncateEach: true });

let n = 0;
const user = async () => {
  const u = await createUser(t.db, {
    email: `u${++n}@example.com`,
    name: `U${n}`,
    passwordHash: 'x',
  });
  if (!u) throw new Error('user not created');
  return u;
};
const join = async (teamId: string, userId: string, role: 'admin' | 'member') => {
  const hash = `h-${teamId}-${userId}`;
  await createTeamInvite(t.db, {
    teamId,
    tokenHash: hash,
    role,
    createdBy: userId,
    expiresAt: new Date(Date.now() + 60_000),
  });
  return acceptTeamInvite(t.db, hash, userId);
};

/** A team meeting of `owner`, a `member` of the team and a `stranger`. */
const teamMeeting = async () => {
  const owner = await user();
  const member = await user();
  const stranger = await user();
  const team = await createTeam(t.db, { name: 'T', ownerId: owner.id });
  await join(team.id, member.id, 'member');
  const m = await createMeeting(t.db, {
    title: 'Team',
    type: 'general',
    ownerId: owner.id,
    teamId: team.id,
  });
  return { owner, member, stranger, m };
};

/** A live session `s-<user id>` of each user, and an expired one (`expired`) of the first. */
const sessionsOf = async (...users: { id: string }[]) => {
  const soon = new Date(Date.now() + 60_000);
  for (const u of users) {
    await createSession(t.db, { id: `s-${u.id}`, userId: u.id, expiresAt: soon });
  }
  await createSession(t.db, { id: 'expired', userId: users[0]?.id ?? '', expiresAt: new Date(0) });
};

describe('visibility', () => {
  it('owner or team member; with the team role and attendance presence in one query', async () => {
    const { owner, member, stranger, m } = await teamMeeting();
    const mine = await createMeeting(t.db, {
      title: 'Mine',
      type: 'sales',
      ownerId: owner.id,
      subject: 'Acme',
    });
    expect((await findMeetingWithRelation(t.db, m.id, member.id))?.teamRole).toBe('member');
    expect(await findMeetingWithRelation(t.db, mine.id, member.id)).toBeUndefined();
    expect(await findMeetingWithRelation(t.db, m.id, stranger.id)).toBeUndefined();
    expect((await findMeetingWithRelation(t.db, m.id, owner.id, owner.id))?.identityPresent).toBe(
      false,
    );
    await recordParticipantJoined(t.db, {
      meetingId: m.id,
      identity: owner.id,
      participantSid: 'PA_1',
      name: 'O',
      userId: owner.id,
      joinedAt: new Date(),
    });
    expect((await findMeetingWithRelation(t.db, m.id, owner.id, owner.id))?.identityPresent).toBe(
      true,
    );
    expect((await listVisibleMeetings(t.db, member.id)).items.map((x) => x.id)).toEqual([m.id]);
    expect(
      (await listVisibleMeetings(t.db, owner.id, { filters: { subject: 'ACME' } })).items.map(
        (x) => x.id,
      ),
    ).toEqual([mine.id]);
    expect((await listVisibleMeetings(t.db, owner.id, { filters: { q: '_' } })).items).toEqual([]);
    expect((await listVisibleMeetings(t.db, stranger.id)).items).toEqual([]);
  });

  it("a session and its user's relation to a meeting in one query, same answers as apart", async () => {
    const { owner, member, stranger, m } = await teamMeeting();
    await sessionsOf(owner, member, stranger);
    for (const u of [owner, member, stranger]) {
      for (const meetingId of [m.id, crypto.randomUUID(), 'not-a-uuid']) {
        const both = await findSessionWithMeeting(t.db, `s-${u.id}`, meetingId);
        expect(both?.session).toEqual(await findSession(t.db, `s-${u.id}`));
        const apart =
          meetingId === 'not-a-uuid'
            ? undefined
            : await findMeetingWithRelation(t.db, meetingId, u.id);
        expect(both?.relation ?? undefined).toEqual(apart);
      }
    }
    expect(await findSessionWithMeeting(t.db, 'expired', m.id)).toBeUndefined();
    expect((await findSessionWithMeeting(t.db, `s-${member.id}`, m.id))?.relation?.teamRole).toBe(
      'member',
    );
  });

  it('many lookups in one query: each answer in its place, scoped to its own session', async () => {
    const { owner, member, stranger, m } = await teamMeeting();
    await sessionsOf(owner, member, stranger);
    const asked = [
      { id: `s-${stranger.id}`, meetingId: m.id },
      { id: 'expired', meetingId: m.id },
      { id: `s-${member.id}`, meetingId: m.id },
      { id: `s-${owner.id}` },
      { id: 'unknown', meetingId: m.id },
      { id: `s-${owner.id}`, meetingId: 'not-a-uuid' },
      { id: `s-${owner.id}`, meetingId: m.id },
    ];
    const batch = await findSessionsWithMeetings(t.db, asked);
    expect(batch).toHaveLength(asked.length);
    // The same answers as one lookup at a time (a stranger's session sees no meeting).
    for (const [i, a] of asked.entries()) {
      const alone = a.meetingId
        ? await findSessionWithMeeting(t.db, a.id, a.meetingId)
        : await findSession(t.db, a.id).then((session) => session && { session, relation: null });
      expect(batch[i]).toEqual(alone);
    }
    expect(batch.map((b) => b?.session.user.id)).toEqual([
      stranger.id,
      undefined,
      member.id,
      owner.id,
      undefined,
      owner.id,
      owner.id,
    ]);
    expect(batch.map((b) => b?.relation?.meeting.id ?? null)).toEqual([
      null,
      null,
      m.id,
      null,
      null,
      null,
      m.id,
    ]);
    expect(await findSessionsWithMeetings(t.db, [])).toEqual([]);
  });

  it("a guest's identity counts while its session and link are valid, in its meeting only", async () => {
    const { owner, m } = await teamMeeting();
    const other = await createMeeting(t.db, { title: 'O', type: 'general', ownerId: owner.id });
    const soon = new Date(Date.now() + 60_000);
    const link = await createGuestLink(t.db, {
      meetingId: m.id,
      tokenHash: 'g1',
      createdBy: owner.id,
      expiresAt: soon,
    });
    const session = (id: string, identity: string, expiresAt = soon) =>
      createGuestSession(t.db, {
        id,
        guestLinkId: link.id,
        meetingId: m.id,
        identity,
        displayName: 'G',
        expiresAt,
      });
    await session('gs1', 'guest-1');
    await session('gs2', 'guest-2', new Date(Date.now() - 1));
    expect(await isGuestActive(t.db, m.id, 'guest-1')).toBe(true);
    expect(await isGuestActive(t.db, other.id, 'guest-1')).toBe(false);
    expect(await isGuestActive(t.db, m.id, 'guest-2')).toBe(false);
    expect(await isGuestActive(t.db, m.id, 'guest-3')).toBe(false);
    expect((await listGuestIdentities(t.db, link.id)).sort()).toEqual(['guest-1', 'guest-2']);
    await revokeGuestLink(t.db, m.id, link.id);
    expect(await isGuestActive(t.db, m.id, 'guest-1')).toBe(false);
  });

  it('invites are single-use even when accepted concurrently', async () => {
    const owner = await user();
    const a = await user();
    const b = await user();
    const team = await createTeam(t.db, { name: 'T', ownerId: owner.id });
    await createTeamInvite(t.db, {
      teamId: team.id,
      tokenHash: 'once',
      role: 'member',
      createdBy: owner.id,
      expiresAt: new Date(Date.now() + 60_000),
    });
    const r = await Promise.all([
      acceptTeamInvite(t.db, 'once', a.id),
      acceptTeamInvite(t.db, 'once', b.id),
    ]);
    expect(r.filter(Boolean)).toHaveLength(1);
    expect(await listTeamMembers(t.db, team.id)).toHaveLength(2);
  });
});

describe('deleteUserAccount', () => {
  it('hands team meetings to an admin, promotes an owner, deletes personal meetings and empty teams', async () => {
    const owner = await user();
    const admin = await user();
    const member = await user();
    const team = await createTeam(t.db, { name: 'T', ownerId: owner.id });
    await join(team.id, member.id, 'member');
    await join(team.id, admin.id, 'admin');
    const solo = await createTeam(t.db, { name: 'Solo', ownerId: owner.id });
    const teamMeeting = await createMeeting(t.db, {
      title: 'Team',
      type: 'general',
      ownerId: owner.id,
      teamId: team.id,
    });
    const soloMeeting = await createMeeting(t.db, {
      title: 'Solo team',
      type: 'general',
      ownerId: owner.id,
      teamId: solo.id,
    });
    const personal = await createMeeting(t.db, {
      title: 'Personal',
      type: 'general',
      ownerId: owner.id,
    });
    const going = await meetingsDeletedWithAccount(t.db, owner.id);
    expect(going.map((m) => m.id).sort()).toEqual([personal.id, soloMeeting.id].sort());
    const deleted = await deleteUserAccount(t.db, owner.id);
    expect(deleted.sort()).toEqual([personal.id, soloMeeting.id].sort());
    const row = await t.db
      .selectFrom('meetings')
      .selectAll()
      .where('id', '=', teamMeeting.id)
      .executeTakeFirstOrThrow();
    expect(row.owner_id).toBe(admin.id);
    const members = await listTeamMembers(t.db, team.id);
    expect(members.map((m) => [m.userId, m.role]).sort()).toEqual(
      [
        [admin.id, 'owner'],
        [member.id, 'member'],
      ].sort(),
    );
    expect(await t.db.selectFrom('teams').select('id').where('id', '=', solo.id).execute()).toEqual(
      [],
    );
    expect(
      await t.db.selectFrom('users').select('id').where('id', '=', owner.id).execute(),
    ).toEqual([]);
  });
});

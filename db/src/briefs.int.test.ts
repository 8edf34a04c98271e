// Meeting brief emails on Postgres: who is due one (the owner, and invitees linked to members who
// may still see the meeting, with briefs on), inside the window only, once per meeting time (a
// moved meeting is due again), claimed once, given up after the meeting began, forgotten later.
import { describe, expect, it } from 'vitest';
import {
  acceptTeamInvite,
  claimBrief,
  createMeeting,
  createSubject,
  createTeam,
  createTeamInvite,
  expireBriefs,
  listBriefEmails,
  listBriefRecipients,
  pruneBriefs,
  removeTeamMember,
  setMeetingCalendarDetails,
  setMeetingSubject,
  settleBrief,
  updateUserSettings,
  userSettings,
} from './index.ts';
import { namedUser, useTestDatabase } from './use-test-database.ts';

const t = useTestDatabase({ truncateEach: true });

const NOW = new Date('2026-12-08T09:00:00Z');
const HOUR = 3_600_000;
const window = { from: NOW, to: new Date(NOW.getTime() + HOUR), limit: 100 };

let owners = 0;
async function teamMeeting(at: Date, withSubject = true) {
  const owner = await namedUser(t.db, `Olga ${++owners}`);
  const team = await createTeam(t.db, { name: 'T', ownerId: owner.id });
  const m = await createMeeting(t.db, {
    title: 'Renewal call',
    type: 'general',
    ownerId: owner.id,
    teamId: team.id,
    scheduledAt: at,
  });
  if (withSubject) {
    const s = await createSubject(t.db, { ownerId: owner.id, teamId: team.id, name: 'Acme' });
    if (!s) throw new Error('no subject');
    await setMeetingSubject(t.db, m.id, s.id);
  }
  return { owner, team, m };
}

async function join(teamId: string, ownerId: string, name: string) {
  const u = await namedUser(t.db, name);
  await createTeamInvite(t.db, {
    teamId,
    tokenHash: `h-${u.id}`,
    role: 'member',
    createdBy: ownerId,
    expiresAt: new Date(Date.now() + 60_000),
  });
  await acceptTeamInvite(t.db, `h-${u.id}`, u.id);
  return u;
}

const names = async () =>
  (await listBriefRecipients(t.db, window)).map((r) => r.name.replace(/ .*/, '')).sort();

describe('meeting brief emails', () => {
  it('go to the owner and to linked invitees who may see the meeting, with briefs on', async () => {
    const { owner, team, m } = await teamMeeting(new Date(NOW.getTime() + 30 * 60_000));
    const grace = await join(team.id, owner.id, 'Grace');
    const lea = await join(team.id, owner.id, 'Lea');
    const quiet = await join(team.id, owner.id, 'Quiet');
    await join(team.id, owner.id, 'Uninvited');
    const outsider = await namedUser(t.db, 'Olive');
    await setMeetingCalendarDetails(t.db, m.id, {
      invitees: [grace, lea, quiet, outsider].map((u) => ({
        email: u.email.toLowerCase(),
        organizer: false,
      })),
    });
    expect(await userSettings(t.db, quiet.id)).toMatchObject({ meetingBriefs: true });
    await updateUserSettings(t.db, quiet.id, { meetingBriefs: false });
    expect(await names()).toEqual(['Grace', 'Lea', 'Olga']);
    await removeTeamMember(t.db, team.id, lea.id);
    const rows = await listBriefRecipients(t.db, window);
    expect(rows.map((r) => r.name.replace(/ .*/, '')).sort()).toEqual(['Grace', 'Olga']);
    expect(rows[0]).toMatchObject({
      meetingId: m.id,
      title: 'Renewal call',
      scheduledAt: m.scheduled_at,
      subject: { name: 'Acme' },
    });
  });

  it('only for scheduled meetings with a subject inside the window', async () => {
    await teamMeeting(new Date(NOW.getTime() + HOUR)); // the window's end is in
    await teamMeeting(new Date(NOW.getTime() + HOUR + 1)); // after it
    await teamMeeting(NOW); // the window's start is out (it is starting)
    await teamMeeting(new Date(NOW.getTime() + 60_000), false); // no subject: nothing to recall
    const { m } = await teamMeeting(new Date(NOW.getTime() + 60_000));
    await t.db.updateTable('meetings').set({ status: 'live' }).where('id', '=', m.id).execute();
    const rows = await listBriefRecipients(t.db, window);
    expect(rows.map((r) => r.scheduledAt.getTime())).toEqual([NOW.getTime() + HOUR]);
  });

  it('are claimed once per meeting time; a moved meeting is due again', async () => {
    const { m } = await teamMeeting(new Date(NOW.getTime() + 10 * 60_000));
    const [r] = await listBriefRecipients(t.db, window);
    if (!r) throw new Error('no recipient');
    expect(await claimBrief(t.db, r)).toBe(1);
    expect(await claimBrief(t.db, r)).toBeNull();
    expect(await listBriefRecipients(t.db, window)).toEqual([]);
    await settleBrief(t.db, r, { status: 'pending', error: 'connection' });
    expect(await listBriefRecipients(t.db, window)).toHaveLength(1);
    expect(await claimBrief(t.db, r)).toBe(2);
    await settleBrief(t.db, r, { status: 'sent', messageId: '<a@b>' });
    expect(await claimBrief(t.db, r)).toBeNull();
    expect(await listBriefRecipients(t.db, window)).toEqual([]);
    const [rec] = await listBriefEmails(t.db, r.userId);
    expect(rec).toMatchObject({ meetingId: m.id, status: 'sent', attempts: 2, error: null });
    expect(rec?.sentAt).toBeInstanceOf(Date);

    const moved = new Date(NOW.getTime() + 40 * 60_000);
    await t.db
      .updateTable('meetings')
      .set({ scheduled_at: moved })
      .where('id', '=', m.id)
      .execute();
    expect((await listBriefRecipients(t.db, window)).map((x) => x.scheduledAt)).toEqual([moved]);
  });

  it('still waiting when the meeting began are given up; old records are forgotten', async () => {
    const { m } = await teamMeeting(new Date(NOW.getTime() + 10 * 60_000));
    const [r] = await listBriefRecipients(t.db, window);
    if (!r) throw new Error('no recipient');
    await claimBrief(t.db, r);
    await settleBrief(t.db, r, { status: 'pending', error: 'connection' });
    expect(await expireBriefs(t.db, m.scheduled_at ?? NOW)).toBe(0);
    expect(await expireBriefs(t.db, new Date(NOW.getTime() + HOUR))).toBe(1);
    expect(await listBriefEmails(t.db, r.userId)).toMatchObject([
      { status: 'failed', error: 'connection' },
    ]);
    expect(await pruneBriefs(t.db, NOW)).toBe(0);
    expect(await pruneBriefs(t.db, new Date(NOW.getTime() + HOUR))).toBe(1);
    expect(await listBriefEmails(t.db, r.userId)).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import {
  createActionItem,
  createMeeting,
  createTeam,
  insertSegments,
  teamInsights,
  updateActionItem,
} from './index.ts';
import { namedUser, useTestDatabase } from './use-test-database.ts';

const t = useTestDatabase({ truncateEach: true });

const user = (name: string) => namedUser(t.db, name);

/** An ended meeting of `teamId` held at `start` for `minutes`, with who spoke how long. */
async function held(
  teamId: string | null,
  ownerId: string,
  start: string,
  minutes: number,
  talk: [identity: string, ms: number][] = [],
) {
  const m = await createMeeting(t.db, { title: 'M', type: 'general', ownerId, teamId });
  const at = new Date(start);
  await t.db
    .updateTable('meetings')
    .set({ status: 'ended', started_at: at, ended_at: new Date(at.getTime() + minutes * 60_000) })
    .where('id', '=', m.id)
    .execute();
  if (talk.length > 0) {
    await insertSegments(
      t.db,
      talk.map(([who, ms], i) => ({
        meeting_id: m.id,
        segment_id: `s${i}`,
        speaker_identity: who,
        speaker_name: who,
        track_id: 'TR',
        text: 'words',
        start_ms: i * 60_000,
        end_ms: i * 60_000 + ms,
        spoken_at: at,
        language: 'en',
      })),
    );
  }
  const people = [...new Set(talk.map(([who]) => who))].filter((w) => !w.startsWith('guest'));
  if (people.length > 0) {
    await t.db
      .insertInto('meeting_participants')
      .values(
        people.map((id, i) => ({
          meeting_id: m.id,
          identity: id,
          participant_sid: `PA_${i}`,
          name: id,
          user_id: id,
          joined_at: at,
        })),
      )
      .execute();
  }
  return m;
}

describe('team insights', () => {
  it('count the team’s ended meetings per week, items made and done, and each member', async () => {
    const ada = await user('Ada');
    const bob = await user('Bob');
    const team = await createTeam(t.db, { name: 'Fund', ownerId: ada.id });
    await t.db
      .insertInto('team_members')
      .values({ team_id: team.id, user_id: bob.id, role: 'member' })
      .execute();
    const other = await createTeam(t.db, { name: 'Other', ownerId: bob.id });
    // Week of Mon 30 Nov: two meetings; week of Mon 7 Dec: one. Before the period, another
    // team, a personal meeting and a live one are left out.
    const m1 = await held(team.id, ada.id, '2026-12-01T10:00:00Z', 30, [
      [ada.id, 120_000],
      [bob.id, 60_000],
      ['guest-x', 20_000],
    ]);
    await held(team.id, ada.id, '2026-12-03T10:00:00Z', 45, [[bob.id, 30_000]]);
    await held(team.id, bob.id, '2026-12-07T07:00:00Z', 15, [[ada.id, 10_000]]);
    await held(team.id, ada.id, '2026-11-20T10:00:00Z', 60, [[ada.id, 999_000]]);
    await held(other.id, bob.id, '2026-12-02T10:00:00Z', 60, [[bob.id, 999_000]]);
    await held(null, ada.id, '2026-12-02T10:00:00Z', 60, [[ada.id, 999_000]]);
    const live = await createMeeting(t.db, {
      title: 'Live',
      type: 'general',
      ownerId: ada.id,
      teamId: team.id,
    });
    await t.db
      .updateTable('meetings')
      .set({ status: 'live', started_at: new Date('2026-12-07T10:00:00Z') })
      .where('id', '=', live.id)
      .execute();

    const item = (owner: string | null, due: string | null) =>
      createActionItem(
        t.db,
        m1.id,
        { text: 'x', ownerIdentity: owner, ownerName: 'x', dueDate: due },
        null,
      );
    await item(ada.id, '2026-12-01'); // overdue
    await item(ada.id, '2026-12-20'); // open
    const d = await item(bob.id, null);
    await updateActionItem(t.db, m1.id, d.id, { status: 'done' }, bob.id);
    const r = await item(bob.id, '2026-12-01');
    await updateActionItem(t.db, m1.id, r.id, { review: 'rejected' }, ada.id);

    const got = await teamInsights(t.db, {
      teamId: team.id,
      since: new Date('2026-11-30T00:00:00Z'),
      timeZone: 'UTC',
      today: '2026-12-07',
    });
    expect(got.weeks.filter((w) => w.meetings > 0)).toEqual([
      { week: '2026-11-30', meetings: 2, minutes: 75, itemsCreated: 0, itemsDone: 0 },
      { week: '2026-12-07', meetings: 1, minutes: 15, itemsCreated: 3, itemsDone: 1 },
    ]);
    expect(got.talkMs).toBe(240_000);
    expect(got.people).toEqual([
      {
        userId: ada.id,
        name: 'Ada',
        meetings: 2,
        talkMs: 130_000,
        openItems: 2,
        overdueItems: 1,
        doneItems: 0,
      },
      {
        userId: bob.id,
        name: 'Bob',
        meetings: 2,
        talkMs: 90_000,
        openItems: 0,
        overdueItems: 0,
        doneItems: 1,
      },
    ]);

    // Weeks are the viewer's: 07:00 UTC on Monday 7 Dec is still Sunday 6 Dec in Los Angeles.
    const la = await teamInsights(t.db, {
      teamId: team.id,
      since: new Date('2026-11-30T08:00:00Z'),
      timeZone: 'America/Los_Angeles',
      today: '2026-12-07',
    });
    expect(la.weeks.filter((w) => w.meetings > 0).map((w) => [w.week, w.meetings])).toEqual([
      ['2026-11-30', 3],
    ]);
  });
});

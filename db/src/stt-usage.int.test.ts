import { describe, expect, it } from 'vitest';
import { addSttUsage, createMeeting, createTeam, createUser, teamSttUsage } from './index.ts';
import { useTestDatabase } from './use-test-database.ts';

const t = useTestDatabase();

describe('speech-to-text usage', () => {
  it('adds each report to its meeting and provider, and totals them per team only', async () => {
    const owner = await createUser(t.db, { email: 'u@example.com', name: 'U', passwordHash: 'x' });
    if (!owner) throw new Error('no user');
    const team = await createTeam(t.db, { name: 'Budget', ownerId: owner.id });
    const other = await createTeam(t.db, { name: 'Other', ownerId: owner.id });
    const m1 = await createMeeting(t.db, {
      title: 'One',
      type: 'general',
      ownerId: owner.id,
      teamId: team.id,
    });
    const m2 = await createMeeting(t.db, {
      title: 'Two',
      type: 'general',
      ownerId: owner.id,
      teamId: team.id,
    });
    const foreign = await createMeeting(t.db, {
      title: 'Theirs',
      type: 'general',
      ownerId: owner.id,
      teamId: other.id,
    });
    await addSttUsage(t.db, m1.id, 'deepgram', 1_500);
    await addSttUsage(t.db, m1.id, 'deepgram', 2_500.4);
    await addSttUsage(t.db, m1.id, 'openai-realtime', 1_000);
    await addSttUsage(t.db, m2.id, 'deepgram', 6_000);
    await addSttUsage(t.db, m2.id, 'deepgram', 0);
    await addSttUsage(t.db, foreign.id, 'deepgram', 99_000);

    const usage = await teamSttUsage(t.db, team.id);
    expect(usage.totals).toEqual([
      { provider: 'deepgram', audioSeconds: 10, meetings: 2 },
      { provider: 'openai-realtime', audioSeconds: 1, meetings: 1 },
    ]);
    expect(usage.meetings).toHaveLength(3);
    expect(
      usage.meetings.find((r) => r.meetingId === m1.id && r.provider === 'deepgram'),
    ).toMatchObject({ title: 'One', audioSeconds: 4 });
    expect(usage.meetings.some((r) => r.meetingId === foreign.id)).toBe(false);

    const later = await teamSttUsage(t.db, team.id, { since: new Date(Date.now() + 60_000) });
    expect(later).toEqual({ totals: [], meetings: [] });
  });
});

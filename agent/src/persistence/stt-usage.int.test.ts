import { createMeeting, createUser, teamSttUsage, createTeam } from '@parley/db';
import { createTestDatabase, type TestDatabase } from '@parley/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { devEnv } from '../testing/index.ts';
import { SttUsageRecorder } from './stt-usage.ts';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase(devEnv().DATABASE_URL ?? '');
});
afterAll(async () => {
  await t?.drop();
});

describe('STT usage recorder', () => {
  it('writes nothing before the meeting is known, then adds each flush and the rest at close', async () => {
    const u = await createUser(t.db, { email: 'r@example.com', name: 'R', passwordHash: 'x' });
    if (!u) throw new Error('no user');
    const team = await createTeam(t.db, { name: 'T', ownerId: u.id });
    const m = await createMeeting(t.db, {
      title: 'M',
      type: 'general',
      ownerId: u.id,
      teamId: team.id,
    });
    const errors: unknown[] = [];
    const rec = new SttUsageRecorder(t.db, 60_000, { onError: (e) => errors.push(e) });
    rec.add('deepgram', 1.25);
    await rec.flush();
    expect((await teamSttUsage(t.db, team.id)).totals).toEqual([]);

    rec.meetingId = m.id;
    await rec.flush();
    rec.add('deepgram', 0.5);
    rec.add('openai-realtime', 2);
    await rec.flush();
    rec.add('deepgram', 0.25);
    await rec.close();
    expect((await teamSttUsage(t.db, team.id)).totals).toEqual([
      { provider: 'deepgram', audioSeconds: 2, meetings: 1 },
      { provider: 'openai-realtime', audioSeconds: 2, meetings: 1 },
    ]);
    expect(errors).toEqual([]);
  });

  it('keeps the tally when a write fails and writes it on the next flush', async () => {
    const u = await createUser(t.db, { email: 'f@example.com', name: 'F', passwordHash: 'x' });
    if (!u) throw new Error('no user');
    const team = await createTeam(t.db, { name: 'F', ownerId: u.id });
    const m = await createMeeting(t.db, {
      title: 'F',
      type: 'general',
      ownerId: u.id,
      teamId: team.id,
    });
    const errors: unknown[] = [];
    const rec = new SttUsageRecorder(t.db, 60_000, { onError: (e) => errors.push(e) });
    rec.meetingId = crypto.randomUUID(); // no such meeting: the foreign key refuses the row
    rec.add('deepgram', 3);
    await rec.flush();
    expect(errors).toHaveLength(1);
    rec.meetingId = m.id;
    await rec.close();
    expect((await teamSttUsage(t.db, team.id)).totals).toEqual([
      { provider: 'deepgram', audioSeconds: 3, meetings: 1 },
    ]);
  });
});

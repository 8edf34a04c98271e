import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import {
  claimWebhookEvent,
  createMeeting,
  createSession,
  createTeam,
  createUser,
  decodeMeetingCursor,
  findMemoryPassages,
  findMeetingForUser,
  findSession,
  findUserByEmail,
  highestRoomMicVoice,
  insertSegments,
  listMeetingsForUser,
  listOpenTeamRooms,
  listParticipants,
  listSegments,
  markMeetingEnded,
  markMeetingStarted,
  recordParticipantJoined,
  recordParticipantLeft,
  touchSessions,
  type NewTranscriptSegment,
  type Db,
} from './index.ts';
import { compiledOnce } from './prepared.ts';
import { useTestDatabase } from './use-test-database.ts';

const t = useTestDatabase({ truncateEach: true });

const user = async (email = 'ada@example.com') => {
  const u = await createUser(t.db, { email, name: 'Ada', passwordHash: 'x' });
  if (!u) throw new Error('user not created');
  return u;
};

describe('migrations', () => {
  it('created every table', async () => {
    const r = await sql<{ tablename: string }>`
      select tablename from pg_tables where schemaname = 'public' order by tablename`.execute(t.db);
    expect(r.rows.map((x) => x.tablename)).toEqual(
      expect.arrayContaining([
        'meeting_participants',
        'meetings',
        'sessions',
        'transcript_segments',
        'users',
        'webhook_events',
      ]),
    );
  });
});

describe('users and sessions', () => {
  it('refuses a second account with the same email, whatever its case', async () => {
    await user('Ada@Example.com');
    expect(
      await createUser(t.db, { email: 'ada@example.COM', name: 'B', passwordHash: 'y' }),
    ).toBeNull();
    expect((await findUserByEmail(t.db, 'ADA@example.com'))?.name).toBe('Ada');
  });

  it('returns live sessions only', async () => {
    const u = await user();
    await createSession(t.db, {
      id: 'live',
      userId: u.id,
      expiresAt: new Date(Date.now() + 60_000),
    });
    await createSession(t.db, { id: 'old', userId: u.id, expiresAt: new Date(Date.now() - 1) });
    expect((await findSession(t.db, 'live'))?.user.id).toBe(u.id);
    expect(await findSession(t.db, 'old')).toBeUndefined();
  });

  it('are looked up through a prepared statement, planned once per connection', async () => {
    const u = await user();
    await createSession(t.db, { id: 'p1', userId: u.id, expiresAt: new Date(Date.now() + 60_000) });
    const names = await t.db.connection().execute(async (c) => {
      expect((await findSession(c, 'p1'))?.user.id).toBe(u.id);
      expect(await findSession(c, 'nope')).toBeUndefined();
      const r = await sql<{
        name: string;
      }>`select name from pg_prepared_statements where name like 'parley_%'`.execute(c);
      return r.rows.map((x) => x.name);
    });
    expect(names).toHaveLength(1);
  });

  it("a compiled-once query is built once and runs with each call's values", async () => {
    const a = await user('a@example.com');
    const b = await user('b@example.com');
    let builds = 0;
    const byEmail = compiledOnce(['email'], (db: Db, p: { email: string }) => {
      builds += 1;
      return db.selectFrom('users').select('id').where('email', '=', p.email);
    });
    expect(await byEmail(t.db, { email: 'a@example.com' })).toEqual([{ id: a.id }]);
    expect(await byEmail(t.db, { email: 'b@example.com' })).toEqual([{ id: b.id }]);
    expect(await byEmail(t.db, { email: 'nobody@example.com' })).toEqual([]);
    expect(builds).toBe(1);
    // A parameter the query does not bind (the build looked at it instead) is refused, never run.
    const unbound = compiledOnce(
      ['email', 'limit'],
      (db: Db, p: { email: string; limit: number }) =>
        db.selectFrom('users').select('id').where('email', '=', p.email).limit(10),
    );
    await expect(unbound(t.db, { email: 'a@example.com', limit: 1 })).rejects.toThrow(
      /limit not bound/,
    );
  });

  it('slide the activity of many sessions in one statement', async () => {
    const u = await user();
    const hourAgo = new Date(Date.now() - 3_600_000);
    for (const id of ['s1', 's2', 's3']) {
      await createSession(t.db, { id, userId: u.id, expiresAt: new Date(Date.now() + 60_000) });
    }
    await t.db.updateTable('sessions').set({ last_seen_at: hourAgo }).execute();
    const later = [new Date(Date.now() + 86_400_000), new Date(Date.now() + 2 * 86_400_000)];
    await touchSessions(t.db, [
      { id: 's1', expiresAt: later[0] ?? new Date() },
      { id: 's2', expiresAt: later[1] ?? new Date() },
      { id: 'gone', expiresAt: later[1] ?? new Date() },
    ]);
    const rows = await t.db
      .selectFrom('sessions')
      .select(['id', 'expires_at', 'last_seen_at'])
      .orderBy('id')
      .execute();
    expect(rows.map((r) => r.expires_at.getTime())).toEqual([
      later[0]?.getTime(),
      later[1]?.getTime(),
      expect.any(Number),
    ]);
    expect(rows.map((r) => r.last_seen_at > hourAgo)).toEqual([true, true, false]);
  });
});

describe('meetings', () => {
  it('are visible to their owner only', async () => {
    const a = await user('a@example.com');
    const b = await user('b@example.com');
    const m = await createMeeting(t.db, { title: 'Board', type: 'general', ownerId: a.id });
    expect(m.room_name).toBe(`meeting-${m.id}`);
    expect(m.status).toBe('scheduled');
    expect((await findMeetingForUser(t.db, m.id, a.id))?.id).toBe(m.id);
    expect(await findMeetingForUser(t.db, m.id, b.id)).toBeUndefined();
  });

  it('paginate newest first with a cursor, without gaps or repeats', async () => {
    const a = await user();
    const ids: string[] = [];
    for (let i = 0; i < 7; i++) {
      ids.push((await createMeeting(t.db, { title: `M${i}`, type: 'sales', ownerId: a.id })).id);
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: Awaited<ReturnType<typeof listMeetingsForUser>> = await listMeetingsForUser(
        t.db,
        a.id,
        { limit: 3, cursor: cursor ? decodeMeetingCursor(cursor) : null },
      );
      seen.push(...page.items.map((m) => m.id));
      cursor = page.nextCursor;
    } while (cursor);
    // Same order as one big page (newest first, ties by id), each meeting exactly once.
    const all = await listMeetingsForUser(t.db, a.id, { limit: 100 });
    expect(seen).toEqual(all.items.map((m) => m.id));
    expect([...seen].sort()).toEqual([...ids].sort());
    const times = all.items.map((m) => m.created_at.getTime());
    expect(times).toEqual([...times].sort((x, y) => y - x));
    expect(decodeMeetingCursor('garbage')).toBeNull();
  });

  it("list a team's rooms that are not over, with their owners", async () => {
    const a = await user('a@example.com');
    const team = await createTeam(t.db, { name: 'Crew', ownerId: a.id });
    const mk = (title: string) =>
      createMeeting(t.db, { title, type: 'general', ownerId: a.id, teamId: team.id });
    const open = await mk('Open');
    const live = await mk('Live');
    await markMeetingStarted(t.db, live.id);
    await markMeetingEnded(t.db, (await mk('Over')).id);
    await createMeeting(t.db, { title: 'Personal', type: 'general', ownerId: a.id });
    const rooms = await listOpenTeamRooms(t.db, team.id);
    expect(rooms.map((r) => r.roomName).sort()).toEqual([open.room_name, live.room_name].sort());
    expect(rooms.every((r) => r.ownerId === a.id)).toBe(true);
  });

  it('keep their first start time and can end', async () => {
    const a = await user();
    const m = await createMeeting(t.db, { title: 'Sync', type: 'general', ownerId: a.id });
    const first = await markMeetingStarted(t.db, m.id);
    await new Promise((r) => setTimeout(r, 5));
    expect((await markMeetingStarted(t.db, m.id)).getTime()).toBe(first.getTime());
    await markMeetingEnded(t.db, m.id);
    expect((await findMeetingForUser(t.db, m.id, a.id))?.status).toBe('ended');
  });
});

describe('attendance', () => {
  it('records joins and leaves once per participant session', async () => {
    const a = await user();
    const m = await createMeeting(t.db, { title: 'Sync', type: 'general', ownerId: a.id });
    const join = {
      meetingId: m.id,
      identity: a.id,
      participantSid: 'PA_1',
      name: 'Ada',
      userId: a.id,
      joinedAt: new Date(),
    };
    await recordParticipantJoined(t.db, join);
    await recordParticipantJoined(t.db, join);
    await recordParticipantLeft(t.db, {
      meetingId: m.id,
      participantSid: 'PA_1',
      leftAt: new Date(),
    });
    const rows = await listParticipants(t.db, m.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]?.left_at).toBeInstanceOf(Date);
  });
});

describe('transcript segments', () => {
  it('are idempotent on (meeting, segment id)', async () => {
    const a = await user();
    const m = await createMeeting(t.db, { title: 'Sync', type: 'general', ownerId: a.id });
    const seg = (id: string, start: number): NewTranscriptSegment => ({
      meeting_id: m.id,
      segment_id: id,
      speaker_identity: a.id,
      speaker_name: 'Ada',
      track_id: 'TR_1',
      text: `words ${id}`,
      start_ms: start,
      end_ms: start + 500,
      spoken_at: new Date(),
    });
    expect(await insertSegments(t.db, [seg('b', 2000), seg('a', 1000)])).toBe(2);
    expect(await insertSegments(t.db, [seg('a', 1000), seg('c', 3000)])).toBe(1);
    expect((await listSegments(t.db, m.id)).map((s) => s.segment_id)).toEqual(['a', 'b', 'c']);
  });

  it("give a room mic's highest voice number, for that participant only", async () => {
    const a = await user();
    const m = await createMeeting(t.db, { title: 'Room', type: 'general', ownerId: a.id });
    const seg = (id: string, identity: string, key: string | null): NewTranscriptSegment => ({
      meeting_id: m.id,
      segment_id: id,
      speaker_identity: identity,
      speaker_key: key,
      speaker_name: 'Room',
      track_id: 'TR_1',
      text: 'words',
      start_ms: 0,
      end_ms: 1,
      spoken_at: new Date(),
    });
    expect(await highestRoomMicVoice(t.db, m.id, 'room')).toBe(0);
    await insertSegments(t.db, [
      seg('a', 'room', 'room#2'),
      seg('b', 'room', 'room#10'),
      seg('c', 'room', null),
      seg('d', 'room2', 'room2#40'),
      seg('e', 'ro%', 'ro%#50'),
    ]);
    expect(await highestRoomMicVoice(t.db, m.id, 'room')).toBe(10);
    expect(await highestRoomMicVoice(t.db, m.id, 'ro%')).toBe(50);
  });
});

describe('webhook events', () => {
  it('are claimed once', async () => {
    expect(
      await claimWebhookEvent(t.db, { id: 'EV_1', event: 'room_started', roomName: 'r' }),
    ).toBe(true);
    expect(
      await claimWebhookEvent(t.db, { id: 'EV_1', event: 'room_started', roomName: 'r' }),
    ).toBe(false);
  });
});

describe('memory passages', () => {
  it('finds segments of the given meetings sharing words with the conversation, best first', async () => {
    const a = await user('a@example.com');
    const mk = async () =>
      createMeeting(t.db, { title: 'Acme call', type: 'sales', ownerId: a.id, subject: 'Acme' });
    const old = await mk();
    const newer = await mk();
    const other = await mk();
    const seg = (meetingId: string, id: string, text: string, startMs = 0) => ({
      meeting_id: meetingId,
      segment_id: id,
      speaker_identity: a.id,
      speaker_name: 'Ada',
      track_id: 'TR',
      text,
      start_ms: startMs,
      end_ms: startMs + 1,
      spoken_at: new Date(),
    });
    await insertSegments(t.db, [
      seg(old.id, 's1', 'short'),
      seg(old.id, 's2', 'the churn rate was four percent last quarter', 5000),
      seg(newer.id, 's3', 'we agreed on a pilot with two teams'),
      seg(newer.id, 's4', 'churn churn and more churn rate talk'),
      seg(other.id, 's5', 'churn rate in a meeting not asked about'),
    ]);
    const hits = await findMemoryPassages(
      t.db,
      [old.id, newer.id],
      "So, what's the churn rate now?",
    );
    expect(hits.map((h) => h.segmentId).sort()).toEqual(['s2', 's4']);
    expect(hits.find((h) => h.segmentId === 's2')).toMatchObject({
      meetingId: old.id,
      speakerName: 'Ada',
      startMs: 5000,
    });
    expect(await findMemoryPassages(t.db, [old.id], 'the and of')).toEqual([]);
    expect(await findMemoryPassages(t.db, [], 'churn')).toEqual([]);
    expect(await findMemoryPassages(t.db, [old.id], "it's \\ 'quoted' & | ! (odd)")).toEqual([]);
  });
});

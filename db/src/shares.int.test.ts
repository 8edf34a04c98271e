import { describe, expect, it } from 'vitest';
import {
  countShareView,
  createMeeting,
  createShare,
  createUser,
  deleteMeeting,
  deleteUserAccount,
  findUsableShare,
  listShares,
  revokeShare,
} from './index.ts';
import { useTestDatabase } from './use-test-database.ts';

const t = useTestDatabase({ truncateEach: true });

async function setup() {
  const u = await createUser(t.db, { email: 'ada@example.com', name: 'Ada', passwordHash: 'x' });
  if (!u) throw new Error('user not created');
  const m = await createMeeting(t.db, { title: 'Board', type: 'general', ownerId: u.id });
  const other = await createMeeting(t.db, { title: 'Other', type: 'general', ownerId: u.id });
  return { userId: u.id, meetingId: m.id, otherId: other.id };
}

const share = (meetingId: string, createdBy: string, tokenHash: string, expiresInMs = 60_000) =>
  createShare(t.db, {
    meetingId,
    tokenHash,
    createdBy,
    expiresAt: new Date(Date.now() + expiresInMs),
    includeTranscript: true,
    includeRecording: false,
  });

describe('meeting shares', () => {
  it('opens a usable link by its hash, counting views only when asked', async () => {
    const { userId, meetingId } = await setup();
    const s = await share(meetingId, userId, 'h1');
    expect(s).toMatchObject({ view_count: 0, last_viewed_at: null, include_transcript: true });

    const found = await findUsableShare(t.db, 'h1');
    expect(found).toMatchObject({ id: s.id, meeting_id: meetingId, created_by_name: 'Ada' });
    const seen = await countShareView(t.db, s.id);
    expect(seen.view_count).toBe(1);
    expect(seen.last_viewed_at).toBeInstanceOf(Date);
    await countShareView(t.db, s.id);
    expect((await findUsableShare(t.db, 'h1'))?.view_count).toBe(2);
    expect(await findUsableShare(t.db, 'nope')).toBeUndefined();
  });

  it('refuses an expired or revoked link; revoking is scoped to the meeting and idempotent', async () => {
    const { userId, meetingId, otherId } = await setup();
    await share(meetingId, userId, 'old', -1000);
    expect(await findUsableShare(t.db, 'old')).toBeUndefined();

    const s = await share(meetingId, userId, 'live');
    expect(await revokeShare(t.db, otherId, s.id)).toBe(false);
    expect(await findUsableShare(t.db, 'live')).toBeDefined();
    expect(await revokeShare(t.db, meetingId, s.id)).toBe(true);
    const revokedAt = async () => (await listShares(t.db, meetingId))[0]?.revoked_at;
    const first = await revokedAt();
    expect(first).toBeInstanceOf(Date);
    expect(await revokeShare(t.db, meetingId, s.id)).toBe(true);
    expect(await revokedAt()).toEqual(first);
    expect(await findUsableShare(t.db, 'live')).toBeUndefined();
    expect(await listShares(t.db, otherId)).toEqual([]);
  });

  it("lists a meeting's links newest first with their creator; they go with the meeting", async () => {
    const { userId, meetingId, otherId } = await setup();
    const a = await share(meetingId, userId, 'a');
    const b = await share(meetingId, userId, 'b');
    await share(otherId, userId, 'c');
    const rows = await listShares(t.db, meetingId);
    expect(rows.map((r) => r.id)).toEqual([b.id, a.id]);
    expect(rows.every((r) => r.created_by_name === 'Ada')).toBe(true);

    // The creator's account goes: the link stays (it is the meeting's), without a name.
    const bob = await createUser(t.db, {
      email: 'bob@example.com',
      name: 'Bob',
      passwordHash: 'x',
    });
    if (!bob) throw new Error('user not created');
    await share(meetingId, bob.id, 'bob');
    await deleteUserAccount(t.db, bob.id);
    expect(await findUsableShare(t.db, 'bob')).toMatchObject({
      created_by: null,
      created_by_name: null,
    });

    expect(await deleteMeeting(t.db, meetingId)).toBe(true);
    expect(await listShares(t.db, meetingId)).toEqual([]);
    expect(await findUsableShare(t.db, 'a')).toBeUndefined();
    expect(await listShares(t.db, otherId)).toHaveLength(1);
  });
});

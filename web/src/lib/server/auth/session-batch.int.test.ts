/**
 * Integration (Postgres): session lookups of concurrent requests share statements
 * (`resolveSession` batches them); each request still gets its own session's user and its own
 * relation to the meeting it asked about, never a neighbour's.
 */
import { createMeeting, createSession, createUser } from '@parley/db';
import { createTestDatabase, testServerUrl, type TestDatabase } from '@parley/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveSession } from './service.ts';
import { generateSessionToken, hashSessionToken } from './session.ts';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase(testServerUrl());
});
afterAll(async () => {
  await t?.drop();
});

const LIFE = { idleDays: 7, absoluteDays: 30 };

describe('concurrent session lookups', () => {
  it('each request gets its own user and its own access, whatever shares its statement', async () => {
    const people = await Promise.all(
      Array.from({ length: 30 }, async (_, i) => {
        const user = await createUser(t.db, {
          email: `batch-${i}@example.com`,
          name: `Batch ${i}`,
          passwordHash: 'unused',
        });
        if (!user) throw new Error('user not created');
        const token = generateSessionToken();
        const live = i % 5 !== 4; // every fifth session has expired
        await createSession(t.db, {
          id: hashSessionToken(token),
          userId: user.id,
          expiresAt: new Date(Date.now() + (live ? 60_000 : -1)),
        });
        const meeting = await createMeeting(t.db, {
          title: 'M',
          type: 'general',
          ownerId: user.id,
        });
        return { user, token, live, meeting };
      }),
    );
    // Everyone at once: half ask about their own meeting, half about their neighbour's.
    const asked = people.map((p, i) => {
      const neighbour = people[(i + 1) % people.length];
      const meetingId = i % 2 === 0 ? p.meeting.id : (neighbour?.meeting.id ?? '');
      return { p, meetingId, own: i % 2 === 0 };
    });
    const answers = await Promise.all(
      asked.map(({ p, meetingId }) => resolveSession(t.db, p.token, LIFE, 0, { meetingId })),
    );
    for (const [i, a] of answers.entries()) {
      const { p, meetingId, own } = asked[i] ?? ({} as never);
      if (!p.live) {
        expect(a).toBeNull();
        continue;
      }
      expect(a?.user.id).toBe(p.user.id);
      expect(a?.sessionId).toBe(hashSessionToken(p.token));
      if (own) expect(a?.meeting?.meeting.id).toBe(meetingId);
      else expect(a?.meeting).toBeNull();
    }
    // Without a meeting: the user only. An unknown token: nobody.
    const [plain, unknown] = await Promise.all([
      resolveSession(t.db, people[0]?.token ?? '', LIFE, 0),
      resolveSession(t.db, generateSessionToken(), LIFE, 0, { meetingId: people[0]?.meeting.id }),
    ]);
    expect(plain?.user.id).toBe(people[0]?.user.id);
    expect(plain && 'meeting' in plain).toBe(false);
    expect(unknown).toBeNull();
  });
});

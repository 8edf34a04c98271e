// End to end, from speech: simulated speakers talk in a real LiveKit room, the real agent worker
// transcribes them (local recognition) and — in the same process, as in production — runs the
// post-meeting worker. When the room is finished (the web app queues the chain on room_finished;
// here the test does what the webhook handler does), the summary and action items appear, a
// spoken phrase is found by search at the moment it was said, and a user of another team finds
// nothing.
import {
  createUser,
  findSummary,
  listActionItems,
  listSegments,
  searchSegmentsFts,
  findRun,
} from '@parley/db';
import { createTestDatabase, type TestDatabase } from '@parley/db/testing';
import { RoomServiceClient } from 'livekit-server-sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { livekitConfigFromEnv, type LiveKitConfig } from '../config.ts';
import { simulate } from '../simulate/index.ts';
import { devEnv, dialogue, fixturesDir, startAgentWorker, waitFor } from '../testing/index.ts';
import { openMeetingRoom, simulateRoomListener } from '../testing/room.ts';
import { createPostmeetingQueue, requestPostmeeting } from '@parley/services/postmeeting';

const LINES = [
  { speaker: 'ann', text: 'We should discuss the revenue growth for the next quarter.' },
  { speaker: 'ben', text: 'I will send the revenue report by Friday.' },
  { speaker: 'ann', text: 'The team is planning to hire three new engineers in the spring.' },
  { speaker: 'ben', text: 'I will call the largest customer tomorrow.' },
  { speaker: 'ann', text: 'Our largest customer renewed the contract for two more years.' },
].map((l) => ({ ...l, voice: 'slt' as const }));

let env: Record<string, string>;
let lk: LiveKitConfig;
let test: TestDatabase;

beforeAll(async () => {
  env = devEnv();
  lk = livekitConfigFromEnv(env);
  test = await createTestDatabase(env.DATABASE_URL ?? '');
}, 60_000);

afterAll(async () => {
  await test?.drop();
});

describe('after the meeting (speech → transcript → post-meeting → search)', () => {
  it('summary and action items exist; a spoken phrase opens its moment; strangers find nothing', async () => {
    const prefix = `parley-e2e-pm-${process.pid}-${Date.now()}`;
    const agent = await startAgentWorker(
      { ...env, DATABASE_URL: test.url, POSTMEETING_QUEUE_PREFIX: prefix, POSTMEETING_LLM: 'off' },
      'agent-after-meeting',
    );
    const queue = createPostmeetingQueue({ redisUrl: env.REDIS_URL ?? '', prefix });
    try {
      const talk = await dialogue(LINES, fixturesDir, 'after-meeting');
      const meeting = await openMeetingRoom(test.db, lk, agent.agentName, {
        title: 'Quarterly review',
        type: 'general',
      });
      const listener = await simulateRoomListener(lk, meeting.room_name);
      await listener.waitForAgent(30_000);
      let startedAt = 0;
      await simulate({
        livekit: lk,
        room: meeting.room_name,
        speakers: [...talk].map(([identity, c]) => ({ identity, file: c.path })),
        tailMs: 2_000,
        onStart: (at) => {
          startedAt = at;
        },
      });
      await waitFor(
        'the finals to reach Postgres',
        async () => (await listSegments(test.db, meeting.id)).length >= 4,
        20_000,
        200,
      );
      await listener.close();
      await new RoomServiceClient(lk.url.replace(/^ws/, 'http'), lk.apiKey, lk.apiSecret)
        .deleteRoom(meeting.room_name)
        .catch(() => undefined);
      await test.db
        .updateTable('meetings')
        .set({ status: 'ended', ended_at: new Date() })
        .where('id', '=', meeting.id)
        .execute();
      // What the web app does on room_finished.
      const run = await requestPostmeeting(test.db, queue, meeting.id, 'room_finished');
      await waitFor(
        'the post-meeting chain',
        async () => (await findRun(test.db, meeting.id, run))?.status === 'done',
        60_000,
        200,
      );
      const summary = await findSummary(test.db, meeting.id);
      expect(summary?.overview).toMatch(/speakers/);
      expect(summary?.key_points.length).toBeGreaterThan(0);
      const items = await listActionItems(test.db, meeting.id);
      expect(items.length).toBeGreaterThan(0);
      expect(items.every((i) => i.owner_identity === 'ben')).toBe(true);

      // "revenue growth" was said by ann in the first line.
      const hits = await searchSegmentsFts(test.db, meeting.owner_id, 'revenue growth');
      const hit = hits.find((h) => h.meetingId === meeting.id && h.speakerIdentity === 'ann');
      expect(hit, JSON.stringify(hits.map((h) => h.text))).toBeDefined();
      const said = startedAt + (talk.get('ann')?.lines[0]?.startMs ?? 0);
      expect(Math.abs((hit?.spokenAt.getTime() ?? 0) - said)).toBeLessThan(2_500);

      const stranger = await createUser(test.db, {
        email: `stranger-${Date.now()}@example.com`,
        name: 'Eve',
        passwordHash: 'x',
      });
      expect(await searchSegmentsFts(test.db, stranger?.id ?? '', 'revenue growth')).toEqual([]);
    } finally {
      await queue.obliterate({ force: true }).catch(() => undefined);
      await queue.close();
      await agent.stop();
    }
  }, 180_000);
});

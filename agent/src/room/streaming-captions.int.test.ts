// Streaming captions through a real LiveKit room: an agent worker with STT_PROVIDER=deepgram
// pointed at the local Deepgram server (the real LiveKit Deepgram plugin, the hosted latency
// model), a simulated speaker and a listener. Interim updates arrive while the person speaks
// and the final replaces them in place (same segment id), finals are stored before they are
// published, the meeting's terms and the speaker's name reach the provider as keyterms, and the
// audio sent is written to stt_usage.
import { listSegments, type Db } from '@parley/db';
import { createTestDatabase, type TestDatabase } from '@parley/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { livekitConfigFromEnv, type LiveKitConfig } from '../config.ts';
import { RedisSpool } from '../persistence/spool.ts';
import { simulate } from '../simulate/index.ts';
import { startFakeDeepgram, type FakeDeepgramServer } from '../testing/deepgram-server.ts';
import {
  conversation,
  devEnv,
  fixturesDir,
  startAgentWorker,
  waitFor,
  type Conversation,
} from '../testing/index.ts';
import { openMeetingRoom, simulateRoomListener, type ReceivedFinal } from '../testing/room.ts';

const LINES = [
  'We should discuss the revenue growth for the next quarter.',
  'The team is planning to hire three new engineers in the spring.',
  'Our largest customer renewed the contract for two more years.',
];

let env: Record<string, string>;
let lk: LiveKitConfig;
let test: TestDatabase;
let talk: Conversation;
let fake: FakeDeepgramServer;

beforeAll(async () => {
  env = devEnv();
  lk = livekitConfigFromEnv(env);
  test = await createTestDatabase(env.DATABASE_URL ?? '');
  talk = await conversation(
    LINES.map((text, i) => ({ text, voice: 'slt' as const, gapMs: i === 0 ? 1_000 : 1_500 })),
    fixturesDir,
    'streaming-captions',
  );
  fake = await startFakeDeepgram({
    fixedText: 'streaming words arrive while annika asks bruno and acme robotics about parleyscope',
  });
});
afterAll(async () => {
  await fake?.close();
  await test?.drop();
});

/** Whether the segment is in Postgres or in the agent's Redis spool (on its way there). */
async function isStored(db: Db, spool: RedisSpool, meetingId: string, segmentId: string) {
  const rows = await listSegments(db, meetingId);
  if (rows.some((r) => r.segment_id === segmentId)) return true;
  return (await spool.pending(meetingId)).some((r) => r.segment_id === segmentId);
}

describe('streaming captions in a room (deepgram, local server)', () => {
  it('shows interims that the final replaces in place, stored before published', async () => {
    const agent = await startAgentWorker(
      {
        ...env,
        DATABASE_URL: test.url,
        STT_PROVIDER: 'deepgram',
        DEEPGRAM_API_KEY: fake.apiKey,
        DEEPGRAM_BASE_URL: fake.baseUrl,
        PARLEY_AGENT_NAME: `streaming-${Date.now()}`,
      },
      'agent-streaming',
    );
    const spool = new RedisSpool(env.REDIS_URL ?? '');
    try {
      const meeting = await openMeetingRoom(test.db, lk, agent.agentName, {
        vocabulary: ['Parleyscope'],
        subject: 'Acme Robotics',
      });
      const storedAtPublish: Promise<boolean>[] = [];
      // Bruno listens without a microphone: others say his name.
      const listener = await simulateRoomListener(lk, meeting.room_name, {
        name: 'Bruno Keller',
        onFinal: (f: ReceivedFinal) =>
          storedAtPublish.push(isStored(test.db, spool, meeting.id, f.segmentId)),
      });
      await listener.waitForAgent(30_000);
      await simulate({
        livekit: lk,
        room: meeting.room_name,
        speakers: [{ identity: 'ann', name: 'Annika Berg', file: talk.path }],
        tailMs: 2_500,
      });
      const finals = listener.finals.filter((f) => f.identity === 'ann');
      expect(finals.length).toBeGreaterThanOrEqual(LINES.length - 1);
      for (const f of finals) {
        // The local server answers in lowercase: the capitals come back, with the people's
        // (speaking or not), the subject's and the vocabulary's names as written.
        expect(f.text).toBe(
          'Streaming words arrive while Annika asks Bruno and Acme Robotics about Parleyscope',
        );
        // Interims of the same segment came first, growing as the words came.
        const before = listener.interimUpdates.filter(
          (i) => i.segmentId === f.segmentId && i.receivedAt <= f.receivedAt,
        );
        expect(before.length, `interims of ${f.segmentId}`).toBeGreaterThanOrEqual(2);
        expect(before.at(-1)?.text.length ?? 0).toBeGreaterThan(before[0]?.text.length ?? 0);
      }
      // No interim arrives for a segment after its final.
      for (const i of listener.interimUpdates) {
        const f = finals.find((x) => x.segmentId === i.segmentId);
        if (f) expect(i.receivedAt).toBeLessThanOrEqual(f.receivedAt);
      }
      expect(await Promise.all(storedAtPublish)).not.toContain(false);

      // Keyterms: the meeting's terms from the start, the speaker's name once they joined.
      const keyterms = fake.requests.map((r) => r.params.keyterm ?? []);
      expect(keyterms.some((k) => k.includes('Parleyscope') && k.includes('Acme Robotics'))).toBe(
        true,
      );
      expect(keyterms.some((k) => k.includes('Annika Berg') && k.includes('Parleyscope'))).toBe(
        true,
      );

      await listener.close();
      // The job ends when the room is empty; it writes the audio it sent to the provider.
      const usage = await waitFor(
        'stt_usage of the meeting',
        async () => {
          const row = await test.db
            .selectFrom('stt_usage')
            .selectAll()
            .where('meeting_id', '=', meeting.id)
            .executeTakeFirst();
          return row ?? null;
        },
        40_000,
        500,
      );
      expect(usage.provider).toBe('deepgram');
      const sentS = usage.audio_ms / 1000;
      // Only speech goes to the provider (the VAD cuts utterances): more than the words, less
      // than the whole file.
      const speechS = talk.lines.reduce((s, l) => s + (l.endMs - l.startMs), 0) / 1000;
      expect(sentS).toBeGreaterThan(speechS * 0.8);
      expect(sentS).toBeLessThan(talk.durationMs / 1000 + 1);
      // Logs carry ids, never what was said.
      expect(agent.output()).not.toContain('streaming words arrive');
    } finally {
      await spool.close();
      await agent.stop();
    }
  });
});

// A meeting in a language the team's recogniser cannot do: with the offline (English-only)
// recogniser and a German meeting, the agent joins and says why it does not transcribe (the
// room shows it), and stores no invented English words, while people talk. And a team's provider
// without its key on this server: the offline recogniser stands in, and the room says so (and
// the worker tells the web app, through Redis, which providers it can use).
import { listSegments } from '@parley/db';
import { createTestDatabase, type TestDatabase } from '@parley/db/testing';
import { hostname } from 'node:os';
import {
  ATTR_AGENT_STATE,
  ATTR_TRANSCRIPTION_PROBLEM,
  STT_PROVIDERS_KEY,
  parseSttProvidersAd,
} from '@parley/protocol';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { livekitConfigFromEnv, type LiveKitConfig } from '../config.ts';
import { simulate } from '../simulate/index.ts';
import { conversation, devEnv, fixturesDir, startAgentWorker, waitFor } from '../testing/index.ts';
import { openMeetingRoom, simulateRoomListener, type RoomListener } from '../testing/room.ts';

let env: Record<string, string>;
let lk: LiveKitConfig;
let test: TestDatabase;

beforeAll(async () => {
  env = devEnv();
  lk = livekitConfigFromEnv(env);
  test = await createTestDatabase(env.DATABASE_URL ?? '');
});
afterAll(async () => {
  await test?.drop();
});

/** Waits for the agent to join and say how it transcribes. */
async function agentStateSet(listener: RoomListener): Promise<void> {
  await listener.waitForAgent(30_000);
  await waitFor(
    'the agent to set its state',
    () => Promise.resolve(listener.agentAttribute(ATTR_AGENT_STATE) !== undefined),
    30_000,
    100,
  );
}

describe('a meeting language the recogniser cannot do', () => {
  it('local STT and a German meeting: the agent says so and stores nothing', async () => {
    const talk = await conversation(
      [
        {
          text: 'We should discuss the revenue growth for the next quarter.',
          voice: 'slt',
          gapMs: 1_000,
        },
        { text: 'Our largest customer renewed the contract.', voice: 'awb', gapMs: 1_000 },
      ],
      fixturesDir,
      'language-de',
    );
    const agent = await startAgentWorker(
      {
        ...env,
        DATABASE_URL: test.url,
        STT_PROVIDER: 'local',
        PARLEY_AGENT_NAME: `language-${Date.now()}`,
      },
      'agent-language',
    );
    try {
      const meeting = await openMeetingRoom(test.db, lk, agent.agentName, { language: 'de' });
      const listener = await simulateRoomListener(lk, meeting.room_name);
      try {
        await agentStateSet(listener);
        expect(listener.agentAttribute(ATTR_AGENT_STATE)).toBe('not_transcribing');
        expect(listener.agentAttribute(ATTR_TRANSCRIPTION_PROBLEM)).toBe('language:de:local');
        await simulate({
          livekit: lk,
          room: meeting.room_name,
          speakers: [{ identity: 'ann', name: 'Annika Berg', file: talk.path }],
          tailMs: 2_500,
        });
        expect(listener.finals).toEqual([]);
        expect(listener.interims).toBe(0);
        expect(await listSegments(test.db, meeting.id)).toEqual([]);
        expect(agent.output()).toContain('the provider cannot transcribe the meeting language');
      } finally {
        await listener.close();
      }
    } finally {
      await agent.stop();
    }
  }, 120_000);

  it("a team's provider without its key here: the offline one transcribes, and says so", async () => {
    const talk = await conversation(
      [{ text: 'Our largest customer renewed the contract.', voice: 'slt', gapMs: 1_000 }],
      fixturesDir,
      'language-standin',
    );
    const agent = await startAgentWorker(
      {
        ...env,
        DATABASE_URL: test.url,
        STT_PROVIDER: 'local',
        DEEPGRAM_API_KEY: '',
        PARLEY_AGENT_NAME: `standin-${Date.now()}`,
      },
      'agent-standin',
    );
    try {
      const meeting = await openMeetingRoom(test.db, lk, agent.agentName, {
        sttProvider: 'deepgram',
      });
      const listener = await simulateRoomListener(lk, meeting.room_name);
      try {
        await agentStateSet(listener);
        expect(listener.agentAttribute(ATTR_AGENT_STATE)).toBe('transcribing');
        expect(listener.agentAttribute(ATTR_TRANSCRIPTION_PROBLEM)).toBe(
          'unavailable:deepgram:local',
        );
        await simulate({
          livekit: lk,
          room: meeting.room_name,
          speakers: [{ identity: 'ann', name: 'Annika Berg', file: talk.path }],
          tailMs: 2_500,
        });
        await waitFor('a final', () => Promise.resolve(listener.finals.length > 0), 20_000, 100);
        expect((await listSegments(test.db, meeting.id)).length).toBeGreaterThan(0);
        expect(agent.output()).toContain('no key here; another stands in');
        const redis = new Redis(env.REDIS_URL ?? '');
        try {
          const field = `${hostname()}:${String(agent.child.pid)}`;
          const ad = parseSttProvidersAd((await redis.hget(STT_PROVIDERS_KEY, field)) ?? '');
          expect(ad?.providers).toContain('local');
          expect(ad?.providers).not.toContain('deepgram');
          expect(Date.now() - (ad?.at ?? 0)).toBeLessThan(120_000);
        } finally {
          redis.disconnect();
        }
      } finally {
        await listener.close();
      }
    } finally {
      await agent.stop();
    }
  }, 120_000);
});

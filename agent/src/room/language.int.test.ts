// A meeting in a language the team's recogniser cannot do: with the offline (English-only)
// recogniser and a German meeting, the agent joins and says why it does not transcribe (the
// room shows it), and stores no invented English words, while people talk.
import { listSegments } from '@parley/db';
import { createTestDatabase, type TestDatabase } from '@parley/db/testing';
import { ATTR_AGENT_STATE, ATTR_TRANSCRIPTION_PROBLEM } from '@parley/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { livekitConfigFromEnv, type LiveKitConfig } from '../config.ts';
import { simulate } from '../simulate/index.ts';
import { conversation, devEnv, fixturesDir, startAgentWorker, waitFor } from '../testing/index.ts';
import { openMeetingRoom, simulateRoomListener } from '../testing/room.ts';

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
        await listener.waitForAgent(30_000);
        await waitFor(
          'the agent to set its state',
          () => Promise.resolve(listener.agentAttribute(ATTR_AGENT_STATE) !== undefined),
          30_000,
          100,
        );
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
});

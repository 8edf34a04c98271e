// Graceful shutdown of an agent worker (what `docker compose stop` / an upgrade does): SIGTERM
// mid-meeting. Expected: /readyz answers 503 at once; the worker takes no new meeting; the running
// meeting keeps being transcribed during the drain; when AGENT_DRAIN_TIMEOUT_S runs out the job is
// closed, every published final is in Postgres (flushed, none twice) and the process exits.
// Its logs hold no secret and nothing that was said.
import { listSegments } from '@parley/db';
import { createTestDatabase, type TestDatabase } from '@parley/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { livekitConfigFromEnv, type LiveKitConfig } from '../config.ts';
import { simulate } from '../simulate/index.ts';
import {
  conversation,
  devEnv,
  fixturesDir,
  startAgentWorker,
  waitFor,
  type Conversation,
} from '../testing/index.ts';
import { openMeetingRoom, simulateRoomListener } from '../testing/room.ts';

const DRAIN_S = 10;
const LINES = [
  'We should discuss the revenue growth for the next quarter.',
  'The team is planning to hire three new engineers in the spring.',
  'What is the monthly churn rate for your largest customers?',
  'Our largest customer renewed the contract for two more years.',
  'The product launch moved to the first week of March.',
  'How much money did you raise in the last round?',
];

let env: Record<string, string>;
let lk: LiveKitConfig;
let test: TestDatabase;
let talk: Conversation;

beforeAll(async () => {
  env = devEnv();
  lk = livekitConfigFromEnv(env);
  test = await createTestDatabase(env.DATABASE_URL ?? '');
  talk = await conversation(
    LINES.map((text, i) => ({ text, voice: 'slt' as const, gapMs: i === 0 ? 800 : 1_300 })),
    fixturesDir,
    'drain',
  );
}, 60_000);

afterAll(async () => {
  await test?.drop();
});

describe('agent worker drain on SIGTERM', () => {
  it('stops taking meetings, keeps transcribing until the drain timeout, flushes, exits', async () => {
    const agent = await startAgentWorker(
      { ...env, DATABASE_URL: test.url, AGENT_DRAIN_TIMEOUT_S: String(DRAIN_S) },
      'agent-drain',
    );
    const readyz = async () =>
      (await fetch(`http://127.0.0.1:${agent.metricsPort}/readyz`).catch(() => null))?.status;
    let term: NodeJS.Timeout | undefined;
    try {
      const meeting = await openMeetingRoom(test.db, lk, agent.agentName);
      const listener = await simulateRoomListener(lk, meeting.room_name);
      await listener.waitForAgent(30_000);
      expect(await readyz()).toBe(200);
      const exited = new Promise<number>((resolve) =>
        agent.child.once('exit', () => resolve(Date.now())),
      );
      let termAt = 0;
      term = setTimeout(() => {
        termAt = Date.now();
        agent.child.kill('SIGTERM');
      }, 6_000);
      const speaking = simulate({
        livekit: lk,
        room: meeting.room_name,
        speakers: [{ identity: 'ann', file: talk.path }],
        tailMs: 1_000,
      });
      await waitFor('SIGTERM', () => termAt > 0, 15_000, 50);
      await waitFor('readiness to drop', async () => (await readyz()) === 503, 3_000, 100);

      // A new meeting is not taken by the draining worker.
      const second = await openMeetingRoom(test.db, lk, agent.agentName);
      const other = await simulateRoomListener(lk, second.room_name);
      await expect(other.waitForAgent(5_000)).rejects.toThrow();
      await other.close();

      await speaking;
      const exitAt = await exited;
      const published = listener.finals.filter((f) => f.identity === 'ann');
      // The meeting was still transcribed after SIGTERM, and the drain lasted about DRAIN_S.
      expect(published.some((f) => f.receivedAt > termAt + 1_000)).toBe(true);
      expect(exitAt - termAt).toBeGreaterThanOrEqual(DRAIN_S * 1000 - 500);
      expect(exitAt - termAt).toBeLessThan(DRAIN_S * 1000 + 20_000);
      expect(published.length).toBeGreaterThanOrEqual(3);

      const rows = await listSegments(test.db, meeting.id);
      const ids = rows.map((r) => r.segment_id);
      expect(new Set(ids).size).toBe(ids.length);
      for (const f of published) expect(ids, `segment ${f.segmentId}`).toContain(f.segmentId);
      expect(agent.output()).toMatch(/draining worker/);
      // Logs carry ids: no secret, no connection password, nothing that was said.
      const out = agent.output();
      expect(out).not.toContain(lk.apiSecret);
      expect(out).not.toContain(new URL(test.url).password || 'no-password-set');
      for (const f of published) expect(out).not.toContain(f.text);
      await listener.close();
    } finally {
      clearTimeout(term);
      await agent.stop();
    }
  }, 120_000);
});

// The live agent through failures: Postgres unreachable for 20 s and a person pausing
// their transcription (agent failover needs the web app: web/e2e/failover.e2e.test.ts). Real LiveKit server,
// real agent workers, simulated speakers.
import { listSegments, type Meeting } from '@parley/db';
import { createTestDatabase, type TestDatabase } from '@parley/db/testing';
import { RoomServiceClient } from 'livekit-server-sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { livekitConfigFromEnv, type LiveKitConfig } from '../config.ts';
import { simulate } from '../simulate/index.ts';
import {
  conversation,
  devEnv,
  fixturesDir,
  startAgentWorker,
  startTcpProxy,
  waitFor,
  type Conversation,
} from '../testing/index.ts';
import { openMeetingRoom, simulateRoomListener } from '../testing/room.ts';

const LINES = [
  'We should discuss the revenue growth for the next quarter.',
  'The team is planning to hire three new engineers in the spring.',
  'What is the monthly churn rate for your largest customers?',
  'Our largest customer renewed the contract for two more years.',
  'The product launch moved to the first week of March.',
  'How much money did you raise in the last round?',
  'We need a clear plan for the sales team in Europe.',
  'The gross margin improved by five points this year.',
  'Who is responsible for the security review next week?',
  'I will send the updated budget by Friday afternoon.',
];

let env: Record<string, string>;
let lk: LiveKitConfig;
let test: TestDatabase;
let talk: Conversation;

beforeAll(async () => {
  env = devEnv();
  lk = livekitConfigFromEnv(env);
  test = await createTestDatabase(env.DATABASE_URL ?? '');
  // About 40 s of speech with pauses between sentences.
  talk = await conversation(
    LINES.map((text, i) => ({ text, voice: 'slt' as const, gapMs: i === 0 ? 1_000 : 1_500 })),
    fixturesDir,
    'durability',
  );
});
afterAll(async () => {
  await test?.drop();
});

async function noDuplicates(meeting: Meeting): Promise<void> {
  const rows = await listSegments(test.db, meeting.id);
  const ids = rows.map((r) => r.segment_id);
  expect(new Set(ids).size).toBe(ids.length);
  for (let i = 1; i < rows.length; i++) {
    const a = rows[i - 1];
    const b = rows[i];
    if (a && b && a.speaker_identity === b.speaker_identity) {
      // The same speech is never stored twice under two ids: one person's segments don't overlap.
      expect(b.start_ms).toBeGreaterThanOrEqual(a.end_ms - 50);
    }
  }
}

describe('agent durability', () => {
  it('keeps every final segment through a 20 s Postgres outage', async () => {
    const pgPort = Number(new URL(test.url).port);
    const proxy = await startTcpProxy(pgPort);
    const viaProxy = new URL(test.url);
    viaProxy.port = String(proxy.port);
    const agent = await startAgentWorker(
      { ...env, DATABASE_URL: viaProxy.toString(), PARLEY_AGENT_NAME: `durable-${Date.now()}` },
      'agent-pg-outage',
    );
    try {
      const meeting = await openMeetingRoom(test.db, lk, agent.agentName);
      const listener = await simulateRoomListener(lk, meeting.room_name);
      await listener.waitForAgent(30_000);
      const outage = setTimeout(() => {
        proxy.down();
        setTimeout(() => proxy.up(), 20_000);
      }, 8_000);
      await simulate({
        livekit: lk,
        room: meeting.room_name,
        speakers: [{ identity: 'ann', file: talk.path }],
        tailMs: 2_000,
      });
      clearTimeout(outage);
      proxy.up();
      const published = listener.finals.filter((f) => f.identity === 'ann');
      expect(published.length).toBeGreaterThanOrEqual(LINES.length - 2);
      const rows = await waitFor(
        'every published final in Postgres',
        async () => {
          const r = await listSegments(test.db, meeting.id);
          return r.length >= published.length ? r : null;
        },
        30_000,
        500,
      );
      const stored = new Set(rows.map((r) => r.segment_id));
      for (const f of published)
        expect(stored.has(f.segmentId), `segment ${f.segmentId}`).toBe(true);
      await noDuplicates(meeting);
      expect(agent.output()).toMatch(/segments not stored yet; will retry/);
      // The outage and the work show on the worker's Prometheus endpoint (job snapshots every 5 s).
      const metrics = await waitFor(
        'metrics reflecting the meeting',
        async () => {
          const t = await (await fetch(`http://127.0.0.1:${agent.metricsPort}/metrics`)).text();
          const n = (name: string) => Number(new RegExp(`^${name} (\\d+)`, 'm').exec(t)?.[1] ?? 0);
          return n('parley_agent_segments_stored_total') >= published.length ? { t, n } : null;
        },
        15_000,
        500,
      );
      expect(metrics.n('parley_agent_db_write_errors_total')).toBeGreaterThan(0);
      expect(metrics.n('parley_agent_segments_final_total')).toBeGreaterThanOrEqual(
        published.length,
      );
      expect(metrics.n('parley_agent_segment_latency_ms_count')).toBeGreaterThan(0);
      // Logs carry ids, never what was said.
      for (const f of published) expect(agent.output()).not.toContain(f.text);
      await listener.close();
    } finally {
      await agent.stop();
      await proxy.close();
    }
  });

  it('stores nothing of a person while they pause transcription, and resumes within a second', async () => {
    const agent = await startAgentWorker(
      { ...env, DATABASE_URL: test.url, PARLEY_AGENT_NAME: `consent-${Date.now()}` },
      'agent-consent',
    );
    try {
      const meeting = await openMeetingRoom(test.db, lk, agent.agentName);
      const listener = await simulateRoomListener(lk, meeting.room_name);
      await listener.waitForAgent(30_000);
      const rooms = new RoomServiceClient(lk.url.replace(/^ws/, 'http'), lk.apiKey, lk.apiSecret);
      const setPaused = (paused: boolean) =>
        rooms.updateParticipant(meeting.room_name, 'ann', {
          attributes: { 'parley.transcription': paused ? 'paused' : 'active' },
        });
      let pausedFrom = 0;
      let pausedTo = 0;
      const timers = [
        setTimeout(() => {
          pausedFrom = Date.now();
          void setPaused(true);
        }, 10_000),
        setTimeout(() => {
          pausedTo = Date.now();
          void setPaused(false);
        }, 25_000),
      ];
      const [ann] = await simulate({
        livekit: lk,
        room: meeting.room_name,
        speakers: [{ identity: 'ann', file: talk.path }],
        tailMs: 2_000,
      });
      timers.forEach(clearTimeout);
      const startedAt = ann?.startedAt ?? 0;
      await new Promise((r) => setTimeout(r, 1_000));
      const rows = await listSegments(test.db, meeting.id);
      // Nothing spoken entirely inside the pause (with 1 s for the attribute to arrive) is stored.
      for (const r of rows) {
        const start = r.spoken_at.getTime();
        const end = start + (r.end_ms - r.start_ms);
        const inside = start > pausedFrom + 1_000 && end < pausedTo;
        expect(inside, `segment ${r.segment_id} spoken during the pause`).toBe(false);
      }
      const spokenInPause = talk.lines.filter(
        (l) => startedAt + l.startMs > pausedFrom + 1_000 && startedAt + l.endMs < pausedTo,
      );
      expect(spokenInPause.length).toBeGreaterThan(0);
      // Before and after the pause, speech is transcribed.
      expect(rows.some((r) => r.spoken_at.getTime() < pausedFrom)).toBe(true);
      expect(rows.some((r) => r.spoken_at.getTime() > pausedTo + 1_000)).toBe(true);
      await listener.close();
    } finally {
      await agent.stop();
    }
  });
});

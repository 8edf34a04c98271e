// Fault: the LiveKit server crashes and restarts in the middle of a meeting. A PRIVATE
// livekit-server (own config, free ports; the shared one is never touched) is killed with SIGKILL
// and started again on the same ports. Expected: the agent worker reconnects and registers again
// (its /readyz goes 503 → 200), the meeting's room comes back with a new dispatch (what the web
// app does when the first person rejoins), and the transcript continues in the same meeting: the
// finals from before the crash are kept, new finals are stored, none twice.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { listSegments } from '@parley/db';
import { createTestDatabase, type TestDatabase } from '@parley/db/testing';
import { AgentDispatchClient, RoomServiceClient } from 'livekit-server-sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LiveKitConfig } from '../config.ts';
import { simulate } from '../simulate/index.ts';
import {
  conversation,
  devEnv,
  fixturesDir,
  freePort,
  freeUdpPort,
  livekitServerEnv,
  startAgentWorker,
  waitFor,
  type Conversation,
} from '../testing/index.ts';
import { openMeetingRoom, simulateRoomListener } from '../testing/room.ts';

const BIN = join(homedir(), '.cache/parley/gobin/livekit-server-v1.13.5');
const KEY = 'faultkey';
const SECRET = 'fault-secret-0123456789abcdef0123456789';
const LINES_A = [
  'We should discuss the revenue growth for the next quarter.',
  'The team is planning to hire three new engineers in the spring.',
  'What is the monthly churn rate for your largest customers?',
];
const LINES_B = [
  'Our largest customer renewed the contract for two more years.',
  'The product launch moved to the first week of March.',
  'I will send the updated budget by Friday afternoon.',
];

let env: Record<string, string>;
let test: TestDatabase;
let talkA: Conversation;
let talkB: Conversation;
let server: ChildProcess | null = null;
let lk: LiveKitConfig;
let configFile: string;
let serverLog = '';

async function startLiveKit(): Promise<void> {
  server = spawn(BIN, ['--config', configFile], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: livekitServerEnv(),
  });
  const keep = (d: Buffer) => {
    serverLog = (serverLog + d.toString()).slice(-200_000);
  };
  server.stdout?.on('data', keep);
  server.stderr?.on('data', keep);
  const http = lk.url.replace(/^ws/, 'http');
  await waitFor('the private LiveKit server', async () => (await fetch(http)).ok, 20_000, 100);
}

async function killLiveKit(): Promise<void> {
  const s = server;
  if (!s || s.exitCode !== null || s.signalCode !== null) return;
  const exited = new Promise((r) => s.once('exit', r));
  s.kill('SIGKILL');
  await exited;
}

beforeAll(async () => {
  env = devEnv();
  const [port, tcp, udp] = [await freePort(), await freePort(), await freeUdpPort()];
  lk = { url: `ws://127.0.0.1:${port}`, apiKey: KEY, apiSecret: SECRET };
  const dir = mkdtempSync(join(tmpdir(), 'parley-lk-fault-'));
  configFile = join(dir, 'livekit.yaml');
  writeFileSync(
    configFile,
    [
      `port: ${port}`,
      'bind_addresses: [127.0.0.1]',
      'rtc:',
      `  tcp_port: ${tcp}`,
      `  udp_port: ${udp}`,
      '  use_external_ip: false',
      '  node_ip: 127.0.0.1',
      '  enable_loopback_candidate: true',
      '  ips: { includes: [127.0.0.1/32] }',
      'keys:',
      `  ${KEY}: ${SECRET}`,
      'room: { empty_timeout: 120, departure_timeout: 20 }',
      'logging: { level: warn }',
      '',
    ].join('\n'),
  );
  test = await createTestDatabase(env.DATABASE_URL ?? '');
  talkA = await conversation(
    LINES_A.map((text, i) => ({ text, voice: 'slt' as const, gapMs: i === 0 ? 800 : 1_300 })),
    fixturesDir,
    'lk-restart-a',
  );
  talkB = await conversation(
    LINES_B.map((text, i) => ({ text, voice: 'slt' as const, gapMs: i === 0 ? 800 : 1_300 })),
    fixturesDir,
    'lk-restart-b',
  );
}, 60_000);

afterAll(async () => {
  await killLiveKit();
  await test?.drop();
});

if (!existsSync(BIN)) {
  console.warn(
    `skipping the LiveKit restart fault test: ${BIN} is missing (./pnpmw services up installs it)`,
  );
}

const registrations = (out: string) => (out.match(/registered worker/gi) ?? []).length;

describe('fault: LiveKit server restart', () => {
  it.skipIf(!existsSync(BIN))(
    'the agent reconnects and the transcript continues in the same meeting',
    async () => {
      await startLiveKit();
      const agent = await startAgentWorker(
        {
          ...env,
          DATABASE_URL: test.url,
          LIVEKIT_URL: lk.url,
          LIVEKIT_API_KEY: KEY,
          LIVEKIT_API_SECRET: SECRET,
        },
        'fault-lk-restart-agent',
      );
      const readyz = async () =>
        (await fetch(`http://127.0.0.1:${agent.metricsPort}/readyz`).catch(() => null))?.status;
      try {
        // Before: a normal meeting.
        const meeting = await openMeetingRoom(test.db, lk, agent.agentName);
        const before = await simulateRoomListener(lk, meeting.room_name);
        await before.waitForAgent(30_000);
        await simulate({
          livekit: lk,
          room: meeting.room_name,
          speakers: [{ identity: 'ann', file: talkA.path }],
          tailMs: 1_500,
        });
        const finalsA = before.finals.filter((f) => f.identity === 'ann');
        expect(finalsA.length).toBeGreaterThanOrEqual(LINES_A.length - 1);
        expect(await readyz()).toBe(200);

        // Crash and restart on the same ports.
        const registered = registrations(agent.output());
        await killLiveKit();
        await before.close().catch(() => undefined);
        await waitFor('the agent to notice', async () => (await readyz()) === 503, 15_000, 200);
        await startLiveKit();
        await waitFor(
          'the agent worker to register again',
          async () => registrations(agent.output()) > registered && (await readyz()) === 200,
          30_000,
          200,
        );

        // The meeting goes on: its room is opened again and the agent dispatched into it.
        const http = lk.url.replace(/^ws/, 'http');
        await new RoomServiceClient(http, KEY, SECRET).createRoom({
          name: meeting.room_name,
          emptyTimeout: 120,
        });
        await new AgentDispatchClient(http, KEY, SECRET).createDispatch(
          meeting.room_name,
          agent.agentName,
          { metadata: JSON.stringify({ meetingId: meeting.id }) },
        );
        const after = await simulateRoomListener(lk, meeting.room_name);
        await after.waitForAgent(30_000);
        await simulate({
          livekit: lk,
          room: meeting.room_name,
          speakers: [{ identity: 'ann', file: talkB.path }],
          tailMs: 1_500,
        });
        const finalsB = after.finals.filter((f) => f.identity === 'ann');
        expect(finalsB.length).toBeGreaterThanOrEqual(LINES_B.length - 1);

        const all = [...finalsA, ...finalsB];
        const rows = await waitFor(
          'every final of both halves in Postgres',
          async () => {
            const r = await listSegments(test.db, meeting.id);
            return r.length >= all.length ? r : null;
          },
          20_000,
          500,
        );
        const ids = rows.map((r) => r.segment_id);
        expect(new Set(ids).size).toBe(ids.length);
        for (const f of all) expect(ids, `segment ${f.segmentId}`).toContain(f.segmentId);
        // Time keeps going forward in the meeting: the second half is stored after the first.
        const lastA = Math.max(
          ...rows
            .filter((r) => finalsA.some((f) => f.segmentId === r.segment_id))
            .map((r) => r.end_ms),
        );
        const firstB = Math.min(
          ...rows
            .filter((r) => finalsB.some((f) => f.segmentId === r.segment_id))
            .map((r) => r.start_ms),
        );
        expect(firstB).toBeGreaterThan(lastA);
        await after.close();
      } finally {
        await agent.stop();
      }
    },
    120_000,
  );
});

// The agent records a meeting: simulated speakers talk in a real LiveKit room, the room ends,
// and the recording is in MinIO — Opus in Ogg, ffprobe's duration within 5 % of the meeting,
// each speaker's speech where it was said on the meeting's timeline.
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { findMeetingById, listRecordings, setRecordingAllowed } from '@parley/db';
import { createTestDatabase } from '@parley/db/testing';
import { Client } from 'minio';
import { RoomServiceClient } from 'livekit-server-sdk';
import { describe, expect, it } from 'vitest';
import { livekitConfigFromEnv } from '../config.ts';
import { simulate } from '../simulate/index.ts';
import { devEnv, dialogue, fixturesDir, startAgentWorker, waitFor } from '../testing/index.ts';
import { openMeetingRoom, simulateRoomListener } from '../testing/room.ts';
import { ffprobe } from './ffprobe.ts';

const run = promisify(execFile);
const SR = 16_000;

/** The recording decoded back to 16 kHz mono PCM. */
async function decode(file: string): Promise<Int16Array> {
  const { stdout } = await run(
    'ffmpeg',
    ['-v', 'error', '-i', file, '-f', 's16le', '-ar', String(SR), '-ac', '1', 'pipe:1'],
    { encoding: 'buffer', maxBuffer: 64 * 1024 * 1024 },
  );
  return new Int16Array(stdout.buffer, stdout.byteOffset, stdout.byteLength / 2);
}

/** First position (ms) at or after `fromMs` where 20 ms of audio is clearly louder than silence. */
function onsetMs(pcm: Int16Array, fromMs: number): number | null {
  const win = SR / 50;
  for (let i = Math.max(0, Math.round((fromMs * SR) / 1000)); i + win < pcm.length; i += win / 2) {
    let sum = 0;
    for (let k = 0; k < win; k++) sum += (pcm[i + k] ?? 0) ** 2;
    if (Math.sqrt(sum / win) > 300) return (i * 1000) / SR;
  }
  return null;
}

describe('agent recording (RECORDING_MODE=egress, no egress here → the agent records)', () => {
  it('stores the meeting in MinIO with the meeting duration and speech in its place', async () => {
    const env = devEnv();
    const lk = livekitConfigFromEnv(env);
    const test = await createTestDatabase(env.DATABASE_URL ?? '');
    const spoolDir = await mkdtemp(join(tmpdir(), 'parley-rec-'));
    const agent = await startAgentWorker(
      {
        ...env,
        DATABASE_URL: test.url,
        RECORDING_MODE: 'egress',
        RECORDING_EGRESS_WAIT_MS: '1000',
        RECORDING_SPOOL_DIR: spoolDir,
      },
      'agent-recording',
    );
    try {
      const meeting = await openMeetingRoom(test.db, lk, agent.agentName);
      await setRecordingAllowed(test.db, meeting.id, true);
      const listener = await simulateRoomListener(lk, meeting.room_name);
      await listener.waitForAgent(30_000);
      const started = await waitFor(
        'the agent recording to start',
        async () => {
          const r = (await listRecordings(test.db, meeting.id))[0];
          return r?.status === 'recording' ? r : null;
        },
        20_000,
      );
      expect(started.mode).toBe('agent');
      // Everyone can see it: the agent's attribute says so.
      const rooms = new RoomServiceClient(lk.url.replace(/^ws/, 'http'), lk.apiKey, lk.apiSecret);
      await waitFor('the recording indicator', async () => {
        const ps = await rooms.listParticipants(meeting.room_name);
        return ps.some((p) => p.attributes['parley.recording'] === 'on') ? true : null;
      });

      const convo = await dialogue(
        [
          { speaker: 'ada', text: 'Let us look at the numbers for this quarter.', voice: 'slt' },
          { speaker: 'bob', text: 'Revenue grew by twelve percent.', voice: 'rms' },
          { speaker: 'ada', text: 'That is better than we planned.', voice: 'slt' },
        ],
        fixturesDir,
        'recording-int',
        2_500,
      );
      const speakers = [...convo.entries()].map(([id, c]) => ({ identity: id, file: c.path }));
      const results = await simulate({
        livekit: lk,
        room: meeting.room_name,
        speakers,
        leadInMs: 800,
        tailMs: 500,
      });
      await listener.close();
      // Nobody left: the agent leaves after its grace period and the recording is stored.
      const done = await waitFor(
        'the recording to be stored',
        async () => {
          const r = (await listRecordings(test.db, meeting.id))[0];
          return r && r.status !== 'recording' ? r : null;
        },
        60_000,
      );
      expect(done.status).toBe('completed');
      expect(done.error).toBeNull();
      expect(done.upload_id).toBeNull();
      expect(done.object_key).toBe(`meetings/${meeting.id}/recordings/${done.id}.ogg`);

      const s3 = new Client({
        endPoint: new URL(env.S3_ENDPOINT ?? '').hostname,
        port: Number(new URL(env.S3_ENDPOINT ?? '').port),
        useSSL: false,
        accessKey: env.S3_ACCESS_KEY ?? '',
        secretKey: env.S3_SECRET_KEY ?? '',
        region: env.S3_REGION ?? 'us-east-1',
      });
      const stat = await s3.statObject(env.S3_BUCKET ?? '', done.object_key);
      expect(stat.size).toBe(done.size_bytes);
      const file = join(spoolDir, 'downloaded.ogg');
      await s3.fGetObject(env.S3_BUCKET ?? '', done.object_key, file);

      const probe = await ffprobe(file);
      expect(probe.codec).toBe('opus');
      const meetingMs = (done.ended_at?.getTime() ?? 0) - done.started_at.getTime();
      console.log(
        `recording: ffprobe ${probe.durationMs} ms, meeting (recorder start → end) ${meetingMs} ms, row ${done.duration_ms} ms, ${stat.size} bytes`,
      );
      expect(Math.abs(probe.durationMs - meetingMs) / meetingMs).toBeLessThan(0.05);
      expect(Math.abs(probe.durationMs - (done.duration_ms ?? 0))).toBeLessThan(250);

      // Each speaker's first line starts where it was said (network and jitter: ±400 ms).
      const pcm = await decode(file);
      for (const r of results) {
        const c = convo.get(r.identity);
        const line = c?.lines[0];
        if (!c || !line) throw new Error(`no script for ${r.identity}`);
        const expected = r.startedAt + line.startMs - done.started_at.getTime();
        const heard = onsetMs(pcm, expected - 1_000);
        console.log(`${r.identity}: said at ${expected} ms, heard at ${heard ?? 'never'} ms`);
        expect(heard).not.toBeNull();
        expect(Math.abs((heard ?? 0) - expected)).toBeLessThan(400);
      }
      // The meeting record is consistent.
      expect((await findMeetingById(test.db, meeting.id))?.id).toBe(meeting.id);
      expect(agent.output()).not.toMatch(/"level":(50|60)/);
    } finally {
      await agent.stop();
      await test.drop();
      await rm(spoolDir, { recursive: true, force: true });
    }
  }, 150_000);
});

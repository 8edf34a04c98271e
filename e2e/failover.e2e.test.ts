// The agent's worker dies (SIGKILL) mid-meeting: the web app sees the agent leave (LiveKit's
// participant_left webhook), dispatches a new agent, another worker takes the job, and the
// transcript goes on with no duplicates and a gap of about the downtime.
import { livekitConfigFromEnv, simulate } from '@parley/agent';
import {
  SENTENCES,
  conversation,
  fixturesDir,
  startAgentWorker,
  waitFor,
} from '@parley/agent/testing';
import { openMeetingRoom, simulateRoomListener } from '@parley/agent/testing/room';
import { listSegments } from '@parley/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type Stack } from './harness.ts';

// Fourteen meeting sentences.
const LINES = SENTENCES.slice(0, 14);

describe('agent failover', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it('re-dispatches after SIGKILL; no duplicates; the gap is the downtime', async () => {
    const lk = livekitConfigFromEnv(stack.env);
    const agentName = stack.env.PARLEY_AGENT_NAME ?? '';
    const spare = await startAgentWorker(stack.env, 'agent-spare');
    try {
      // About 75 s of speech, one sentence every ~5 s.
      const talk = await conversation(
        LINES.map((text, i) => ({ text, voice: 'slt' as const, gapMs: i === 0 ? 1_000 : 1_800 })),
        fixturesDir,
        'failover',
      );
      const meeting = await openMeetingRoom(stack.db.db, lk, agentName);
      const listener = await simulateRoomListener(lk, meeting.room_name);
      await listener.waitForAgent(30_000);
      const workers = [stack.agent, spare];
      const holder = await waitFor('the worker holding the job', () =>
        workers.find((w) => w.output().includes('agent joined meeting')),
      );
      let killedAt = 0;
      const kill = setTimeout(() => {
        killedAt = Date.now();
        const jobPid = /"pid":(\d+)[^\n]*"msg":"agent joined meeting"/.exec(holder.output())?.[1];
        holder.child.kill('SIGKILL');
        if (jobPid) {
          try {
            process.kill(Number(jobPid), 'SIGKILL');
          } catch {
            // gone with its worker
          }
        }
      }, 12_000);
      const [ann] = await simulate({
        livekit: lk,
        room: meeting.room_name,
        speakers: [{ identity: 'ann', file: talk.path }],
        tailMs: 3_000,
      });
      clearTimeout(kill);
      expect(killedAt).toBeGreaterThan(0);
      const rejoinedAt = listener.agentJoinsAfter(killedAt);
      expect(rejoinedAt, 'a new agent joined').toBeTruthy();
      const restartMs = (listener.firstAgentJoinAfter(killedAt) ?? 0) - killedAt;
      // Heartbeat expiry + watchdog + dispatch: a replacement within 15 s.
      expect(restartMs).toBeGreaterThan(0);
      expect(restartMs).toBeLessThanOrEqual(15_000);
      expect(stack.web.output()).toMatch(/agent re-dispatched to meeting/);

      const startedAt = ann?.startedAt ?? 0;
      const rows = await waitFor('segments after the restart', async () => {
        const r = await listSegments(stack.db.db, meeting.id);
        return r.some((x) => x.spoken_at.getTime() > killedAt + restartMs) ? r : null;
      });
      const ids = rows.map((r) => r.segment_id);
      expect(new Set(ids).size).toBe(ids.length);
      for (let i = 1; i < rows.length; i++) {
        const a = rows[i - 1];
        const b = rows[i];
        if (a && b) expect(b.start_ms).toBeGreaterThanOrEqual(a.end_ms - 50);
      }
      const heard = (l: { startMs: number }) =>
        rows.some((r) => Math.abs(r.spoken_at.getTime() - (startedAt + l.startMs)) < 2_500);
      const lost = talk.lines.filter((l) => !heard(l));
      const lostFrom = Math.min(...lost.map((l) => startedAt + l.startMs));
      const lostTo = Math.max(...lost.map((l) => startedAt + l.endMs));
      const gapMs = lost.length ? lostTo - lostFrom : 0;
      console.log(
        `failover: new agent ${restartMs} ms after the kill; ${lost.length}/${talk.lines.length} lines lost over ${gapMs} ms`,
      );
      // Lost lines all fall inside the downtime (with one sentence of slack on each side).
      for (const l of lost) {
        expect(startedAt + l.endMs).toBeGreaterThan(killedAt - 5_000);
        expect(startedAt + l.startMs).toBeLessThan(killedAt + restartMs + 5_000);
      }
      expect(gapMs).toBeLessThanOrEqual(restartMs + 5_000 + 6_000);
      await listener.close();
    } finally {
      await spare.stop();
    }
  });
});

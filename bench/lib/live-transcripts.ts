// The live path for accuracy figures: WAV files played into a LiveKit room as people talking
// at once (simulate: the SDK encodes Opus as a browser does), heard and transcribed by a real
// agent worker with local STT, read back as the finals a room member receives.
import { livekitConfigFromEnv, simulate, type SimulatedSpeaker } from '@parley/agent';
import { devEnv, startAgentWorker } from '@parley/agent/testing';
import { openMeetingRoom, simulateRoomListener } from '@parley/agent/testing/room';
import { createTestDatabase } from '@parley/db/testing';

/** Each speaker's finals, joined in the order they arrived. */
export async function liveTranscripts(
  speakers: SimulatedSpeaker[],
  log: (line: string) => void,
): Promise<Map<string, string>> {
  const env = devEnv();
  const db = await createTestDatabase(env.DATABASE_URL ?? '');
  const agent = await startAgentWorker(
    { ...env, DATABASE_URL: db.url, STT_PROVIDER: 'local' },
    'bench-agent',
  );
  try {
    const lk = livekitConfigFromEnv(env);
    const meeting = await openMeetingRoom(db.db, lk, agent.agentName, { title: 'WER bench' });
    const listener = await simulateRoomListener(lk, meeting.room_name);
    try {
      await listener.waitForAgent(30_000);
      const results = await simulate({
        livekit: lk,
        room: meeting.room_name,
        speakers,
        tailMs: 3_000,
      });
      const dropped = results.reduce((n, r) => n + r.droppedFrames, 0);
      log(`live: ${listener.finals.length} finals, ${dropped} frames dropped on the way`);
      return new Map(
        speakers.map((s) => [
          s.identity,
          listener.finals
            .filter((f) => f.identity === s.identity)
            .map((f) => f.text)
            .join(' '),
        ]),
      );
    } finally {
      await listener.close();
    }
  } finally {
    await agent.stop();
    await db.drop();
  }
}

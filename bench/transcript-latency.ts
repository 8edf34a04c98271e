// End of speech → final segment received by a subscriber on `lk.transcription`, with local STT,
// through the real LiveKit server and agent worker. Speakers talk at once (their utterances
// overlap) and each has a pipeline of its own. Finals are matched to lines by text.
//   pnpm bench transcript-latency [--speakers 2] [--utterances 12]
import {
  conversation,
  type Conversation,
  devEnv,
  fixturesDir,
  startAgentWorker,
  SENTENCES,
} from '@parley/agent/testing';
import { simulateRoomListener } from '@parley/agent/testing/room';
import { simulate, livekitConfigFromEnv } from '@parley/agent';
import { createMeeting, createUser } from '@parley/db';
import { createTestDatabase } from '@parley/db/testing';
import { AgentDispatchClient, RoomServiceClient } from 'livekit-server-sdk';
import { benchArgs, recordArgs } from './lib/args.ts';
import { matchFinals, mergeMatches } from './lib/match.ts';
import type { Benchmark } from './lib/run.ts';

import { spokenLines } from './lib/speakers.ts';
import { quantile, round } from './lib/stats.ts';

const VOICES = ['slt', 'awb', 'rms'] as const;

export default {
  async run(args, log) {
    const values = benchArgs(args, {
      speakers: { type: 'string', default: '2' },
      utterances: { type: 'string', default: '12' },
    });
    recordArgs({ stt_provider: 'local' });
    const nSpeakers = Math.max(1, Number(values.speakers));
    const perSpeaker = Math.max(1, Number(values.utterances));
    const env = devEnv();
    const db = await createTestDatabase(env.DATABASE_URL ?? '');
    const agent = await startAgentWorker(
      { ...env, DATABASE_URL: db.url, STT_PROVIDER: 'local' },
      'bench-agent',
    );
    try {
      const owner = await createUser(db.db, {
        email: 'bench@example.com',
        name: 'Bench',
        passwordHash: 'x',
      });
      if (!owner) throw new Error('could not create the bench user');
      const meeting = await createMeeting(db.db, {
        title: 'Latency bench',
        type: 'general',
        ownerId: owner.id,
      });
      const lk = livekitConfigFromEnv(env);
      const http = lk.url.replace(/^ws/, 'http');
      await new RoomServiceClient(http, lk.apiKey, lk.apiSecret).createRoom({
        name: meeting.room_name,
      });
      await new AgentDispatchClient(http, lk.apiKey, lk.apiSecret).createDispatch(
        meeting.room_name,
        agent.agentName,
        { metadata: JSON.stringify({ meetingId: meeting.id }) },
      );

      log(`generating ${nSpeakers} × ${perSpeaker} utterances with flite`);
      const convs: Conversation[] = [];
      for (let s = 0; s < nSpeakers; s++) {
        const script = Array.from({ length: perSpeaker }, (_, i) => ({
          text: SENTENCES[(s * perSpeaker + i) % SENTENCES.length] ?? '',
          voice: VOICES[s % VOICES.length] ?? 'slt',
          // Different pauses per speaker, so their utterances overlap in changing ways.
          gapMs: i === 0 ? 1_000 + s * 700 : 1_400 + ((i + s) % 3) * 300,
        }));
        convs.push(await conversation(script, fixturesDir, `latency-${s}`));
      }

      const listener = await simulateRoomListener(lk, meeting.room_name);
      try {
        await listener.waitForAgent(30_000);
        log('agent is in the room; speaking');
        const speakers = convs.map((c, i) => ({ identity: `speaker-${i}`, file: c.path }));
        const results = await simulate({
          livekit: lk,
          room: meeting.room_name,
          speakers,
          tailMs: 3_000,
        });
        // Finals matched to lines by text; a line heard more than 5 s after its end is missed.
        const m = mergeMatches(
          results.map((r, i) =>
            matchFinals(
              spokenLines(convs[i], r.startedAt),
              listener.finals.filter((x) => x.identity === r.identity),
              { lateMs: 5_000 },
            ),
          ),
        );
        const latencies = m.latencies;
        const missed = m.missed;
        log(`${latencies.length} utterances measured, ${missed} without a final`);
        return {
          p50_ms: round(quantile(latencies, 0.5)),
          p95_ms: round(quantile(latencies, 0.95)),
          max_ms: round(Math.max(...latencies)),
          utterances: latencies.length,
          missed_utterances: missed,
          concurrent_speakers: nSpeakers,
        };
      } finally {
        await listener.close();
      }
    } finally {
      await agent.stop();
      await db.drop();
    }
  },
} satisfies Benchmark;

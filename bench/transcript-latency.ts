// End of speech → final segment received by a subscriber on `lk.transcription`, through the real
// LiveKit server and agent worker. Speakers talk at once (their utterances overlap) and each has
// a pipeline of its own. Finals are matched to lines by text.
//   pnpm bench transcript-latency [--speakers 2] [--utterances 12] [--stt local|deepgram]
// `--stt deepgram` (results in transcript-latency-streaming.json): the real LiveKit Deepgram
// plugin against the local server speaking Deepgram's listen protocol, recognising the script
// perfectly with a hosted service's latency model (interims ≈ 150–300 ms after the audio,
// finals ≈ 200–400 ms after the end of speech). It leaves out the real network and Deepgram's
// own speed: `added_*` is Parley's delay from the provider's result (as the server sent it) to
// the subscriber; `first_interim_*` (speech start → first caption) and `final_*` (end of speech
// → final) include the modelled provider latency. `stage_*` split both by the server's logs:
// speech start → its first voiced audio at the server → interim ready → sent → visible; end of
// speech → the Finalize that made the final → sent → received. `first_interim_floor_*` is what
// a client with no delay of its own gets from the same server model (each line's audio streamed
// straight from its file over the listen protocol, from 300 ms before its speech), and
// `first_interim_over_floor_*` how far above it Parley's first interim is. The server's first
// interims are guesses when little speech is in (its oracle matches a word's worth of audio to
// the script): `first_right_interim_*` (and its floor) time the first caption that says only
// words of the line, `first_interims_wrong` counts the lines whose first caption did not.
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
import { benchArgs, recordArgs, resultsAs } from './lib/args.ts';
import { matchFinals, mergeMatches } from './lib/match.ts';
import type { Benchmark } from './lib/run.ts';

import { spokenLines } from './lib/speakers.ts';
import {
  addedDelays,
  captionBreakdown,
  deepgramArgs,
  deepgramEnv,
  directFirstInterims,
  firstInterimDelays,
  parseStt,
  startBenchDeepgram,
} from './lib/streaming.ts';
import { quantile, round } from './lib/stats.ts';

const VOICES = ['slt', 'awb', 'rms'] as const;

export default {
  async run(args, log) {
    const values = benchArgs(args, {
      speakers: { type: 'string', default: '2' },
      utterances: { type: 'string', default: '12' },
      stt: { type: 'string', default: 'local' },
    });
    const stt = parseStt(values.stt);
    const nSpeakers = Math.max(1, Number(values.speakers));
    const perSpeaker = Math.max(1, Number(values.utterances));
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
    const fake = stt === 'deepgram' ? await startBenchDeepgram(convs) : null;
    if (fake) {
      resultsAs('transcript-latency-streaming');
      recordArgs(deepgramArgs(fake));
    } else {
      recordArgs({ stt_provider: 'local' });
    }
    const env = devEnv();
    const db = await createTestDatabase(env.DATABASE_URL ?? '');
    const agent = await startAgentWorker(
      { ...env, DATABASE_URL: db.url, ...(fake ? deepgramEnv(fake) : { STT_PROVIDER: 'local' }) },
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
        const streaming = fake ? await streamingFigures() : {};
        return {
          ...streaming,
          p50_ms: round(quantile(latencies, 0.5)),
          p95_ms: round(quantile(latencies, 0.95)),
          max_ms: round(Math.max(...latencies)),
          utterances: latencies.length,
          missed_utterances: missed,
          concurrent_speakers: nSpeakers,
        };

        /** The live-caption figures (streaming providers only). */
        async function streamingFigures() {
          const added = addedDelays(fake?.sentLog ?? [], [
            ...listener.interimUpdates.map((x) => ({ ...x, final: false })),
            ...listener.finals.map((x) => ({ ...x, final: true })),
          ]);
          const perSpeaker = results.map((r, i) =>
            firstInterimDelays(
              spokenLines(convs[i], r.startedAt),
              listener.finals.filter((x) => x.identity === r.identity),
              listener.interimUpdates.filter((x) => x.identity === r.identity),
            ),
          );
          const firsts = perSpeaker.flatMap((f) => f.any);
          const rights = perSpeaker.flatMap((f) => f.right);
          const wrongFirst = perSpeaker.reduce((n, f) => n + f.wrongFirst, 0);
          log(
            `${added.length} caption updates timed, ${firsts.length} first interims (${wrongFirst} with a word not in the line)`,
          );
          const parts = results.map((r, i) =>
            captionBreakdown(
              fake?.sentLog ?? [],
              fake?.arrivalLog ?? [],
              spokenLines(convs[i], r.startedAt),
              listener.finals.filter((x) => x.identity === r.identity),
              listener.interimUpdates.filter((x) => x.identity === r.identity),
            ),
          );
          // Where the time goes, stage by stage (p50/p95 of each, ms).
          const stages: Record<string, number> = {};
          for (const part of Object.keys(parts[0] ?? {}) as (keyof (typeof parts)[0])[]) {
            const xs = parts.flatMap((p) => p[part]);
            const key = part.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
            if (xs.length === 0) continue; // e.g. no socket opened after its speaker began
            stages[`stage_${key}_p50_ms`] = round(quantile(xs, 0.5));
            stages[`stage_${key}_p95_ms`] = round(quantile(xs, 0.95));
            log(
              `  ${key}: p50 ${stages[`stage_${key}_p50_ms`]} ms, p95 ${stages[`stage_${key}_p95_ms`]} ms (n ${xs.length})`,
            );
          }
          return {
            ...stages,
            ...(await floorFigures(firsts, rights)),
            added_p50_ms: round(quantile(added, 0.5)),
            added_p95_ms: round(quantile(added, 0.95)),
            first_interim_p50_ms: round(quantile(firsts, 0.5)),
            first_interim_p95_ms: round(quantile(firsts, 0.95)),
            first_interims_wrong: wrongFirst,
            first_right_interim_p50_ms: round(quantile(rights, 0.5)),
            first_right_interim_p95_ms: round(quantile(rights, 0.95)),
            final_p50_ms: round(quantile(latencies, 0.5)),
            final_p95_ms: round(quantile(latencies, 0.95)),
            caption_updates: added.length,
          };
        }

        /**
         * The provider's own floor: the first interim a client with no delay at all gets from
         * the same server model (each line streamed straight from its file), and how far above
         * it Parley's first interim is.
         */
        async function floorFigures(firsts: number[], rights: number[]) {
          const floors = await directFirstInterims(convs);
          log(`provider floor: ${floors.any.length} lines streamed straight to the server`);
          const out: Record<string, number> = {};
          for (const [name, mine, floor] of [
            ['first_interim', firsts, floors.any],
            ['first_right_interim', rights, floors.right],
          ] as const) {
            const p50 = quantile(floor, 0.5);
            const p95 = quantile(floor, 0.95);
            out[`${name}_floor_p50_ms`] = round(p50);
            out[`${name}_floor_p95_ms`] = round(p95);
            out[`${name}_over_floor_p50_ms`] = round(quantile(mine, 0.5) - p50);
            out[`${name}_over_floor_p95_ms`] = round(quantile(mine, 0.95) - p95);
          }
          return out;
        }
      } finally {
        await listener.close();
      }
    } finally {
      await agent.stop();
      await db.drop();
      await fake?.close();
    }
  },
} satisfies Benchmark;

// How many people talking at once one agent worker can transcribe on this machine: rooms of
// three simulated speakers are added until transcript latency p95 passes 1.5 s, utterances
// go missing or audio frames drop. Once with local STT (pocketsphinx), once with a network STT provider (a local
// server speaking the OpenAI audio API that answers at once, so only the agent's own work
// counts). Reports speakers per core and memory per meeting job.
// The speakers send Opus encoded beforehand (--generator opus, agent/tools/opus-publisher), as
// people's browsers do on their own machines; --generator rtc encodes every voice here.
//   pnpm bench agent-capacity [--local 3,6,9,12] [--network 6,12,18,24,30] [--generator opus|rtc]
import { livekitConfigFromEnv, simulators, type SimulatorName } from '@parley/agent';
import { devEnv, startAgentWorker, waitFor } from '@parley/agent/testing';
import { openMeetingRoom, simulateRoomListener, startFakeOpenAI } from '@parley/agent/testing/room';
import { createTestDatabase } from '@parley/db/testing';
import { cpus } from 'node:os';
import { parseArgs } from 'node:util';

import { settle, TreeCpu } from './lib/cpu.ts';
import type { Benchmark } from './lib/run.ts';
import { roomSpeech, SPEAKERS_PER_ROOM } from './lib/speakers.ts';
import { quantile, round } from './lib/stats.ts';

const PER_ROOM = SPEAKERS_PER_ROOM;
const ROOM_STAGGER_MS = 700;
const P95_LIMIT_MS = 1_500;

interface Level {
  speakers: number;
  p95Ms: number;
  missed: number;
  droppedFrames: number;
  utterances: number;
  jobMb: number[];
  /** % of one core the agent worker (all its processes) used per speaker while they talked. */
  agentPctPerSpeaker: number;
  /** The same for this process: the simulated speakers and listeners (the load generator). */
  generatorPctPerSpeaker: number;
  /** VAD windows per model call: how well the job batched its speakers' audio. */
  vadWindowsPerCall: number;
  /** Agent-side latency p95 (VAD end of speech → final published), histogram bound. */
  agentP95Ms: number;
}

export default {
  async run(args, log) {
    const { values } = parseArgs({
      args,
      options: {
        local: { type: 'string', default: '3,6,9,12' },
        network: { type: 'string', default: '6,12,18,24,30' },
        utterances: { type: 'string', default: '6' },
        // opus: speakers send audio encoded beforehand, as people's browsers do on their own
        // machines; rtc: the LiveKit SDK encodes every voice here, on the machine under test.
        generator: { type: 'string', default: 'opus' },
      },
    });
    if (!(values.generator in simulators)) throw new Error('--generator is opus or rtc');
    const simulate = simulators[values.generator as SimulatorName];
    const env = devEnv();
    const lk = livekitConfigFromEnv(env);
    const perSpeaker = Number(values.utterances);
    // Each speaker of a room gets its own voice and rhythm; rooms reuse the three files.
    const talks = await roomSpeech(perSpeaker, 'capacity');
    const fake = await startFakeOpenAI({ mode: 'fixed', fixedText: 'noted' });

    const measure = async (provider: 'local' | 'openai', speakers: number): Promise<Level> => {
      const db = await createTestDatabase(env.DATABASE_URL ?? '');
      const agent = await startAgentWorker(
        {
          ...env,
          DATABASE_URL: db.url,
          STT_PROVIDER: provider,
          OPENAI_API_KEY: 'sk-bench',
          OPENAI_BASE_URL: fake.baseURL,
          AGENT_MAX_JOBS: '100',
          AGENT_IDLE_PROCESSES: String(Math.ceil(speakers / PER_ROOM)),
        },
        `capacity-${provider}-${speakers}`,
      );
      const agentCpu = new TreeCpu(agent.child.pid ?? 0);
      // This process and its children (the Opus publishers), less the agent worker's tree.
      const benchCpu = new TreeCpu(process.pid);
      try {
        const rooms = Math.ceil(speakers / PER_ROOM);
        const setups = await Promise.all(
          Array.from({ length: rooms }, async () => {
            const meeting = await openMeetingRoom(db.db, lk, agent.agentName);
            const listener = await simulateRoomListener(lk, meeting.room_name);
            await listener.waitForAgent(60_000);
            return { meeting, listener };
          }),
        );
        // The worker replaces the spare processes the jobs took: let it finish first.
        await settle(agent.child.pid ?? 0);
        // CPU over the talking window: from the first speaker's start to the longest talk's end.
        const talkMs = Math.max(...talks.map((t) => t.durationMs));
        let window: Promise<{ agentS: number; selfS: number; wallS: number }> | null = null;
        const onStart = () => {
          if (window) return;
          const agentAt = agentCpu.perProcess();
          const benchAt = benchCpu.perProcess();
          const at = performance.now();
          window = new Promise((resolve) =>
            setTimeout(() => {
              resolve({
                agentS: agentCpu.since(agentAt),
                selfS: benchCpu.since(benchAt) - agentCpu.since(agentAt),
                wallS: (performance.now() - at) / 1000,
              });
            }, talkMs),
          );
        };
        const results = await Promise.all(
          setups.map(({ meeting }, r) =>
            simulate({
              onStart,
              livekit: lk,
              room: meeting.room_name,
              speakers: talks
                .slice(0, Math.min(PER_ROOM, speakers - r * PER_ROOM))
                .map((t, i) => ({ identity: `r${r}-s${i}`, file: t.path })),
              tailMs: 3_000,
              // Meetings are independent: rooms start 0.7 s apart, not in lockstep (they play
              // the same three files; in step, every room would end its sentences at once).
              leadInMs: 2_000 + r * ROOM_STAGGER_MS,
            }).then((res) => ({ res, r })),
          ),
        );
        const latencies: number[] = [];
        let missed = 0;
        let droppedFrames = 0;
        for (const { res, r } of results) {
          const finals = setups[r]?.listener.finals ?? [];
          res.forEach((sp, i) => {
            droppedFrames += sp.droppedFrames;
            const mine = finals.filter((f) => f.identity === sp.identity);
            for (const line of talks[i]?.lines ?? []) {
              const end = sp.startedAt + line.endMs;
              const f = mine.find((x) => x.receivedAt >= end);
              if (!f || f.receivedAt - end > 10_000) missed++;
              else latencies.push(f.receivedAt - end);
            }
          });
        }
        const metricsText = await waitFor(
          'agent metrics',
          async () => {
            const url = `http://127.0.0.1:${agent.metricsPort}/metrics`;
            const text = await (await fetch(url)).text();
            return text.includes('parley_agent_job_memory_bytes{') ? text : null;
          },
          5_000,
        ).catch(() => '');
        const jobMb = [
          ...metricsText.matchAll(/parley_agent_job_memory_bytes\{[^}]*\} (\d+)/g),
        ].map((m) => Number(m[1]) / 2 ** 20);
        const total = (name: string) =>
          Number(new RegExp(`^parley_agent_${name}_total (\\d+)`, 'm').exec(metricsText)?.[1]);
        const vadWindowsPerCall = total('vad_windows') / total('vad_batches');
        // The agent's own view: its VAD's end of speech → final published (histogram bucket
        // bound at the 95th percentile). The rest of the heard latency is before and after it.
        const buckets = [
          ...metricsText.matchAll(
            /^parley_agent_segment_latency_ms_bucket\{le="([^"]+)"\} (\d+)/gm,
          ),
        ].map((m) => ({ le: Number(m[1]), n: Number(m[2]) }));
        const count = buckets.at(-1)?.n ?? 0;
        const agentP95Ms = buckets.find((b) => b.n >= 0.95 * count)?.le ?? Number.NaN;
        await Promise.all(setups.map((s) => s.listener.close()));
        const cpu = (await (window as Promise<{
          agentS: number;
          selfS: number;
          wallS: number;
        }> | null)) ?? {
          agentS: Number.NaN,
          selfS: Number.NaN,
          wallS: 1,
        };
        const pct = (s: number) => (100 * s) / (cpu.wallS * speakers);
        return {
          agentPctPerSpeaker: pct(cpu.agentS),
          generatorPctPerSpeaker: pct(cpu.selfS),
          vadWindowsPerCall,
          agentP95Ms,
          speakers,
          p95Ms: quantile(latencies, 0.95),
          missed,
          droppedFrames,
          utterances: latencies.length,
          jobMb,
        };
      } finally {
        agentCpu.stop();
        benchCpu.stop();
        await agent.stop();
        await db.drop();
      }
    };

    const capacity = async (provider: 'local' | 'openai', levels: number[]) => {
      let best = 0;
      const mb: number[] = [];
      const agentPct: number[] = [];
      const generatorPct: number[] = [];
      const vadBatch: number[] = [];
      for (const n of levels.filter((x) => x > 0)) {
        const l = await measure(provider, n);
        mb.push(...l.jobMb);
        if (Number.isFinite(l.agentPctPerSpeaker)) agentPct.push(l.agentPctPerSpeaker);
        if (Number.isFinite(l.generatorPctPerSpeaker)) generatorPct.push(l.generatorPctPerSpeaker);
        if (Number.isFinite(l.vadWindowsPerCall)) vadBatch.push(l.vadWindowsPerCall);
        log(
          `${provider}: ${n} speakers → p95 ${Math.round(l.p95Ms)} ms (agent ≤ ${l.agentP95Ms} ms), ${l.missed} missed of ${
            l.missed + l.utterances
          }, ${l.droppedFrames} frames dropped, job memory ${l.jobMb.map((x) => Math.round(x)).join('/')} MB, CPU per speaker: agent ${l.agentPctPerSpeaker.toFixed(1)} %, generator ${l.generatorPctPerSpeaker.toFixed(1)} % of a core, VAD ${l.vadWindowsPerCall.toFixed(2)} windows per model call`,
        );
        if (l.p95Ms > P95_LIMIT_MS || l.missed > 0 || l.droppedFrames > 0) break;
        best = n;
      }
      const med = (xs: number[]) => (xs.length ? quantile(xs, 0.5) : Number.NaN);
      return {
        best,
        mb,
        agentPct: med(agentPct),
        generatorPct: med(generatorPct),
        vadBatch: med(vadBatch),
      };
    };

    try {
      const local = await capacity('local', values.local.split(',').map(Number));
      const network = await capacity('openai', values.network.split(',').map(Number));
      const mbs = [...local.mb, ...network.mb];
      return {
        speakers_local_stt: local.best,
        speakers_network_stt: network.best,
        speakers_per_core_local: round(local.best / cpus().length, 1),
        speakers_per_core_network: round(network.best / cpus().length, 1),
        mb_per_job: round(mbs.length ? quantile(mbs, 0.5) : Number.NaN, 0),
        // Where the CPU goes (medians over the levels run): the agent worker's processes per
        // speaker while they talk, and the load generator's (this process) per speaker. The
        // generator shares the machine in this benchmark; in production it is the people.
        agent_cpu_pct_per_speaker_local: round(local.agentPct, 1),
        agent_cpu_pct_per_speaker_network: round(network.agentPct, 1),
        generator_cpu_pct_per_speaker: round(
          quantile([local.generatorPct, network.generatorPct].filter(Number.isFinite), 0.5),
          1,
        ),
        agent_only_speakers_per_core_network: Math.floor(100 / network.agentPct),
        agent_only_speakers_per_core_local: Math.floor(100 / local.agentPct),
        mb_per_job_max: round(mbs.length ? Math.max(...mbs) : Number.NaN, 0),
        vad_windows_per_call_network: round(network.vadBatch, 2),
      };
    } finally {
      await fake.close();
    }
  },
} satisfies Benchmark;

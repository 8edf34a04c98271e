// How many people talking at once one agent worker can transcribe on this machine. Rooms of
// three simulated speakers (pre-encoded Opus, meetings starting 0.7 s apart) are added level by
// level, in three series:
//   network      STT_PROVIDER=openai against a local server speaking the OpenAI audio API that
//                answers like a hosted service: per request, a log-normal wait (median 400 ms,
//                p95 1200 ms, seeded; --stt-latency) — the figure for a hosted provider;
//   without-stt  the same server answering at once: the agent's own work only (no STT cost);
//   local        STT_PROVIDER=local (pocketsphinx in the worker's inference process);
//   streaming    (`--stt deepgram`, results in agent-capacity-streaming.json) STT_PROVIDER=deepgram:
//                the real LiveKit Deepgram plugin, one socket per speaker, against the local
//                server speaking Deepgram's listen protocol with a hosted service's latency
//                model (interims ≈ 150–300 ms, finals ≈ 200–400 ms). Not the real network:
//                sockets stay on 127.0.0.1, so TLS and the provider's own load are left out.
// The fake server answers each utterance with the words of the script line its audio is (see
// ScriptOracle), so finals are matched to lines by text (lib/match.ts), not by time alone.
// Stopping rule (also in the results' args): levels run in order; the first level that fails
// ends the series and the figure is the last level that passed. A level fails when transcript
// latency p95 (end of speech → final at a subscriber) is over the series' limit, a line is
// missed or cut (no final of its text in the 10 s after its end of speech), or audio lost at
// the agent (gaps in the
// decoded streams + RTP packets lost, by its /metrics) is over --max-lost-audio-pct of the audio
// it received. Frames a simulated speaker sent late are reported, not judged: their audio
// reaches the agent late (latency counts from the scheduled end of speech) or not at all.
// CPU is measured only while every room talks, split by process (agent jobs, the agent's
// local-STT inference process, this process, the publishers, the LiveKit server: what else
// shares the cores); memory per meeting job from the agent's metrics.
//   pnpm bench agent-capacity [--series network,without-stt,local] [--network 12,18,24,30,36]
//     [--without-stt …] [--local 4,6,8,10,12] [--stt-latency 400/1200@1] [--utterances 6]
//   pnpm bench agent-capacity --stt deepgram [--streaming 20,30,40,50]
import { livekitConfigFromEnv, simulators, type SimulatorName } from '@parley/agent';
import {
  agentCounter,
  devEnv,
  formatLatencyModel,
  hostedSttLatency,
  parseLatencyModel,
  receivedAudio,
  scrapeAgent,
  startAgentWorker,
  type ReceivedAudio,
} from '@parley/agent/testing';
import { openMeetingRoom, simulateRoomListener, startFakeOpenAI } from '@parley/agent/testing/room';
import { createTestDatabase } from '@parley/db/testing';
import { cpus } from 'node:os';
import { agentLatencyP95Ms, jobMemoryMb, metricsAfterJobs } from './lib/agent-metrics.ts';
import { benchArgs, recordArgs, resultsAs } from './lib/args.ts';
import { commandLine, pidsMatching, settle, TreeCpu } from './lib/cpu.ts';
import { matchFinals, mergeMatches } from './lib/match.ts';
import type { Benchmark } from './lib/run.ts';
import {
  allTalkingWindow,
  roomSpeech,
  scriptOracle,
  spokenLines,
  SPEAKERS_PER_ROOM,
} from './lib/speakers.ts';
import { quantile, round } from './lib/stats.ts';
import { deepgramArgs, deepgramEnv, parseStt, startBenchDeepgram } from './lib/streaming.ts';

const PER_ROOM = SPEAKERS_PER_ROOM;
const ROOM_STAGGER_MS = 700;
const SERIES = ['network', 'without-stt', 'local', 'streaming'] as const;
type Series = (typeof SERIES)[number];

interface Level {
  speakers: number;
  p95Ms: number;
  missed: number;
  /** Lines whose finals all came before their end of speech (the tail gave no text). */
  cut: number;
  lines: number;
  /** Requests whose audio the fake STT server found no script line in. */
  unrecognised: number;
  /** Word error rate of the finals against their lines. */
  wer: number;
  /** Finals that matched no line. */
  stray: number;
  audio: ReceivedAudio;
  /** Audio frames the simulated speakers could not send in time (the generator's side). */
  lateFrames: number;
  jobMb: number[];
  /** % of one core the agent worker (all its processes) used per speaker while all talked. */
  agentPctPerSpeaker: number;
  /** The same for this process and its children, less the agent: the load generator. */
  generatorPctPerSpeaker: number;
  /** Where the CPU went, per speaker (% of a core); the generator's share split in two. */
  shares: CpuShares;
  /** VAD windows per model call: how well the job batched its speakers' audio. */
  vadWindowsPerCall: number;
  /** Agent-side latency p95 (VAD end of speech → final published), histogram bound. */
  agentP95Ms: number;
}

/**
 * CPU per speaker (% of a core) by process while every room talks: all but `agentJobs` and
 * `agentInference` are on the machine only because the benchmark simulates the meetings (the
 * LiveKit server is shared by every room; in production people's browsers publish).
 */
interface CpuShares {
  /** The agent's job processes (spares waiting for a meeting included) and the worker. */
  agentJobs: number;
  /** The agent's shared inference process: local STT, i.e. fallbacks for a cloud provider. */
  agentInference: number;
  /** This process alone: the fake STT servers, the subscribers counting finals, CPU sampling. */
  benchProcess: number;
  /** The simulated speakers' publisher processes. */
  publishers: number;
  /** The LiveKit server (on a development machine also serving others' tests). */
  livekit: number;
}
const SHARE_KEYS = {
  agentJobs: 'agent_jobs',
  agentInference: 'agent_inference',
  benchProcess: 'bench_process',
  publishers: 'publishers',
  livekit: 'livekit',
} as const satisfies Record<keyof CpuShares, string>;
const SHARES = Object.keys(SHARE_KEYS) as (keyof CpuShares)[];

const levelsOf = (s: string) =>
  s
    .split(',')
    .map(Number)
    .filter((n) => Number.isInteger(n) && n > 0);

export default {
  async run(args, log) {
    const values = benchArgs(args, {
      series: { type: 'string', default: 'network,without-stt,local' },
      // deepgram: the streaming series alone (its own results file).
      stt: { type: 'string', default: 'local' },
      streaming: { type: 'string', default: '20,30,40,50' },
      'limit-streaming-ms': { type: 'string', default: '1500' },
      network: { type: 'string', default: '12,18,24,30,36' },
      'without-stt': { type: 'string', default: '18,24,30,36,42' },
      local: { type: 'string', default: '4,6,8,10,12' },
      // The hosted-STT latency model of the network series (MEDIAN/P95[@SEED] in ms).
      'stt-latency': { type: 'string', default: formatLatencyModel(hostedSttLatency) },
      'limit-network-ms': { type: 'string', default: '2500' },
      'limit-without-stt-ms': { type: 'string', default: '1500' },
      'limit-local-ms': { type: 'string', default: '1500' },
      'max-lost-audio-pct': { type: 'string', default: '0.5' },
      utterances: { type: 'string', default: '6' },
      // opus: speakers send audio encoded beforehand, as people's browsers do on their own
      // machines; rtc: the LiveKit SDK encodes every voice here, on the machine under test.
      generator: { type: 'string', default: 'opus' },
    });
    if (!(values.generator in simulators)) throw new Error('--generator is opus or rtc');
    const streaming = parseStt(values.stt) === 'deepgram';
    if (streaming) resultsAs('agent-capacity-streaming');
    const series = (streaming ? 'streaming' : values.series).split(',').map((s) => {
      if (!(SERIES as readonly string[]).includes(s)) throw new Error(`unknown series "${s}"`);
      return s as Series;
    });
    const latency = parseLatencyModel(values['stt-latency']);
    const plan = Object.fromEntries(
      series.map((s) => [
        s,
        { levels: levelsOf(values[s]), p95LimitMs: Number(values[`limit-${s}-ms`]) },
      ]),
    ) as Partial<Record<Series, { levels: number[]; p95LimitMs: number }>>;
    const maxLostPct = Number(values['max-lost-audio-pct']);
    recordArgs({
      plan,
      stt_latency_network: latency,
      suggestions_provider: 'template',
      speakers_per_room: PER_ROOM,
      room_stagger_ms: ROOM_STAGGER_MS,
      stopping_rule:
        'levels in order; the first failing level ends the series; the figure is the last level ' +
        'that passed. Fails: p95 end of speech → final at a subscriber over the limit, a line ' +
        'missed or cut (no final of its text in the 10 s after its end of speech), or audio lost ' +
        'at the agent over max-lost-audio-pct of the audio received. Frames the simulated speakers sent late are ' +
        'reported, not judged: late audio reaches the agent late (counted in latency from the ' +
        'scheduled end of speech) or not at all (counted as lost at the agent)',
      cpu_window: 'while every room talks',
    });

    const simulate = simulators[values.generator as SimulatorName];
    const env = devEnv();
    const lk = livekitConfigFromEnv(env);
    // Each speaker of a room gets its own voice and rhythm; rooms reuse the three files.
    const talks = await roomSpeech(Number(values.utterances), 'capacity');
    const fake = await startFakeOpenAI({ mode: 'script', script: await scriptOracle(talks) });
    const deepgram = series.includes('streaming') ? await startBenchDeepgram(talks) : null;
    if (deepgram) {
      deepgram.sentLog = null;
      recordArgs(deepgramArgs(deepgram));
    }
    const sttEnv = (s: Series): Record<string, string> => {
      if (s === 'streaming' && deepgram) return deepgramEnv(deepgram);
      return {
        STT_PROVIDER: s === 'local' ? 'local' : 'openai',
        OPENAI_API_KEY: 'sk-bench',
        OPENAI_BASE_URL: fake.baseURL,
      };
    };

    const measure = async (s: Series, speakers: number): Promise<Level> => {
      // A new model object per level restarts the seeded sequence: levels get the same waits.
      fake.latency = s === 'network' && latency ? { ...latency } : null;
      if (deepgram) {
        deepgram.interimLatency = deepgram.interimLatency && { ...deepgram.interimLatency };
        deepgram.finalLatency = deepgram.finalLatency && { ...deepgram.finalLatency };
      }
      const requestsBefore = fake.requests.length;
      const db = await createTestDatabase(env.DATABASE_URL ?? '');
      const agent = await startAgentWorker(
        {
          ...env,
          DATABASE_URL: db.url,
          ...sttEnv(s),
          SUGGESTIONS_PROVIDER: 'template',
          AGENT_MAX_JOBS: '100',
          AGENT_IDLE_PROCESSES: String(Math.ceil(speakers / PER_ROOM)),
        },
        `capacity-${s}-${speakers}`,
      );
      const agentCpu = new TreeCpu(agent.child.pid ?? 0, 500, { history: true });
      // This process and its children (the Opus publishers), less the agent worker's tree.
      const benchCpu = new TreeCpu(process.pid, 500, { history: true });
      // The server the rooms are on (its executable, not a command that names it).
      const livekitPid = pidsMatching('livekit-server').find((pid) =>
        /livekit-server[^/]*$/.test(commandLine(pid).split(' ')[0] ?? ''),
      );
      const livekitCpu = livekitPid ? new TreeCpu(livekitPid, 500, { history: true }) : null;
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
        const results = await Promise.all(
          setups.map(({ meeting }, r) =>
            simulate({
              livekit: lk,
              room: meeting.room_name,
              speakers: talks
                .slice(0, Math.min(PER_ROOM, speakers - r * PER_ROOM))
                .map((t, i) => ({ identity: `r${r}-s${i}`, file: t.path })),
              tailMs: 3_000,
              // Meetings are independent: rooms start 0.7 s apart, not in lockstep (they play
              // the same three files; in step, every room would end its sentences at once).
              leadInMs: 2_000 + r * ROOM_STAGGER_MS,
            }),
          ),
        );
        const matches = results.flatMap((res, r) =>
          res.map((sp, i) =>
            matchFinals(
              spokenLines(talks[i], sp.startedAt),
              (setups[r]?.listener.finals ?? []).filter((f) => f.identity === sp.identity),
            ),
          ),
        );
        const m = mergeMatches(matches);
        const lateFrames = results.flat().reduce((a, sp) => a + sp.droppedFrames, 0);
        // Memory of the live jobs now; counters once the jobs have ended and written them.
        const jobMb = jobMemoryMb(await scrapeAgent(agent.metricsPort));
        await Promise.all(setups.map((x) => x.listener.close()));
        const metrics = await metricsAfterJobs(agent.metricsPort);
        const window = allTalkingWindow(results, talks);
        const agentWin = window && agentCpu.between(window.from, window.to);
        const benchWin = window && benchCpu.between(window.from, window.to);
        const pct = (cpuS: number | undefined, wallS: number | undefined) =>
          cpuS !== undefined && wallS ? (100 * cpuS) / (wallS * speakers) : Number.NaN;
        const cpuPct = (tree: TreeCpu | null, only?: (pid: number) => boolean) => {
          const w = window && tree?.between(window.from, window.to, only);
          return pct(w?.cpuS, w?.wallS);
        };
        const inference = (pid: number) => commandLine(pid).includes('inference_proc');
        const agentPct = pct(agentWin?.cpuS, agentWin?.wallS);
        const inferencePct = cpuPct(agentCpu, inference);
        const benchPct = cpuPct(benchCpu, (pid) => pid === process.pid);
        const generatorPct = pct(
          benchWin && agentWin ? benchWin.cpuS - agentWin.cpuS : undefined,
          benchWin?.wallS,
        );
        if (!agentWin) log(`${s} ${speakers}: the rooms never all talked at once; no CPU figure`);
        return {
          speakers,
          p95Ms: quantile(m.latencies, 0.95),
          missed: m.missed,
          cut: m.cut,
          lines: m.latencies.length + m.missed + m.cut,
          unrecognised: fake.requests.slice(requestsBefore).filter((q) => q.answer === '').length,
          wer: m.words ? m.edits / m.words : Number.NaN,
          stray: m.stray,
          audio: receivedAudio(metrics),
          lateFrames,
          jobMb,
          agentPctPerSpeaker: agentPct,
          generatorPctPerSpeaker: generatorPct,
          shares: {
            agentJobs: agentPct - inferencePct,
            agentInference: inferencePct,
            benchProcess: benchPct,
            publishers: generatorPct - benchPct,
            livekit: cpuPct(livekitCpu),
          },
          vadWindowsPerCall:
            agentCounter(metrics, 'vad_windows') / agentCounter(metrics, 'vad_batches'),
          agentP95Ms: agentLatencyP95Ms(metrics),
        };
      } finally {
        agentCpu.stop();
        benchCpu.stop();
        livekitCpu?.stop();
        await agent.stop();
        await db.drop();
      }
    };

    const capacity = async (s: Series) => {
      const { levels, p95LimitMs } = plan[s] ?? { levels: [], p95LimitMs: 0 };
      let best = 0;
      const all: Level[] = [];
      /** Each level run, for the results file: p95, lines missed or cut, % of audio lost. */
      const record: Record<string, number> = {};
      for (const n of levels) {
        const l = await measure(s, n);
        all.push(l);
        const lostPct = (100 * l.audio.lostMs) / Math.max(1, l.audio.receivedMs);
        const fails = [
          !(l.p95Ms <= p95LimitMs) && `p95 over ${p95LimitMs} ms`,
          l.missed + l.cut > 0 && 'lines missed or cut',
          !(lostPct <= maxLostPct) && `lost audio over ${maxLostPct} %`,
        ].filter((x): x is string => typeof x === 'string');
        const key = `level_${s.replace('-', '_')}_${n}`;
        const byProcess = SHARES.map((k) => `${SHARE_KEYS[k]} ${l.shares[k].toFixed(2)}`).join(
          ', ',
        );
        record[`${key}_p95_ms`] = round(l.p95Ms, 0);
        record[`${key}_lines_missed_or_cut`] = l.missed + l.cut;
        record[`${key}_lost_audio_pct`] = round(lostPct, 3);
        log(
          `${s}: ${n} speakers → p95 ${Math.round(l.p95Ms)} ms (agent ≤ ${l.agentP95Ms} ms), ` +
            `${l.missed} of ${l.lines} lines missed, ${l.cut} cut, WER ${l.wer.toFixed(3)}, ` +
            `${l.stray} stray finals, ${l.unrecognised} STT requests matching no line; ` +
            `lost audio at the agent ${l.audio.lostMs} ms (${lostPct.toFixed(2)} %: gaps ` +
            `${l.audio.gapMs} ms, ${l.audio.packetsLost} packets), concealed ` +
            `${l.audio.concealedMs} ms; ${l.lateFrames} frames sent late; job memory ` +
            `${l.jobMb.map((x) => Math.round(x)).join('/')} MB; CPU per speaker: agent ` +
            `${l.agentPctPerSpeaker.toFixed(1)} %, generator ${l.generatorPctPerSpeaker.toFixed(1)} % ` +
            `of a core (by process: ${byProcess}); VAD ${l.vadWindowsPerCall.toFixed(2)} ` +
            `windows per call` +
            (fails.length ? ` — FAILS: ${fails.join(', ')}` : ' — passes'),
        );
        if (fails.length > 0) break;
        best = n;
      }
      const med = (f: (l: Level) => number) => {
        const xs = all.map(f).filter(Number.isFinite);
        return xs.length ? quantile(xs, 0.5) : Number.NaN;
      };
      const atBest = all.find((l) => l.speakers === best);
      return {
        best,
        mb: all.flatMap((l) => l.jobMb),
        agentPct: med((l) => l.agentPctPerSpeaker),
        generatorPct: med((l) => l.generatorPctPerSpeaker),
        shares: Object.fromEntries(SHARES.map((k) => [k, med((l) => l.shares[k])])) as Record<
          keyof CpuShares,
          number
        >,
        vadBatch: med((l) => l.vadWindowsPerCall),
        p95AtBest: atBest?.p95Ms ?? Number.NaN,
        record,
      };
    };

    try {
      const out: Record<string, number> = {};
      const mbs: number[] = [];
      const generator: number[] = [];
      for (const s of series) {
        const c = await capacity(s);
        const key = s === 'without-stt' ? 'without_stt' : `${s}_stt`;
        mbs.push(...c.mb);
        if (Number.isFinite(c.generatorPct)) generator.push(c.generatorPct);
        out[`speakers_${key}`] = c.best;
        out[`speakers_per_core_${key}`] = round(c.best / cpus().length, 1);
        out[`transcript_p95_ms_at_speakers_${key}`] = round(c.p95AtBest, 0);
        // Where the CPU goes (medians over the levels run, while every room talked): the
        // agent worker's processes per speaker. The generator shares the machine here; in
        // production it is the people's browsers.
        out[`agent_cpu_pct_per_speaker_${key}`] = round(c.agentPct, 1);
        out[`agent_only_speakers_per_core_${key}`] = Math.floor(100 / c.agentPct);
        out[`vad_windows_per_call_${key}`] = round(c.vadBatch, 2);
        // CPU per speaker of each process the benchmark puts on the machine (medians over levels).
        for (const k of SHARES)
          out[`cpu_pct_per_speaker_${SHARE_KEYS[k]}_${key}`] = round(c.shares[k], 2);
        Object.assign(out, c.record);
      }
      out.generator_cpu_pct_per_speaker = round(
        generator.length ? quantile(generator, 0.5) : Number.NaN,
        1,
      );
      out.mb_per_job = round(mbs.length ? quantile(mbs, 0.5) : Number.NaN, 0);
      out.mb_per_job_max = round(mbs.length ? Math.max(...mbs) : Number.NaN, 0);
      return out;
    } finally {
      await fake.close();
      await deepgram?.close();
    }
  },
} satisfies Benchmark;

// Load: ROOMS rooms × 3 simulated speakers for --duration seconds against ONE agent worker and the
// web app (built, on a fresh database). Meetings are created and tokens issued through the web
// API (which dispatches the agent into the existing rooms); members poll their meeting every 5 s
// meanwhile. Speech-to-text goes to a network provider: the local fake OpenAI server, answering
// at once with a rotating sentence that touches the investment-screening checklist, so the
// suggestion engine reacts too and the agent's own work is what is measured.
//
// Reports: CPU (cores used on average by the agent worker tree and the web process) and peak
// memory, dropped audio frames, transcript and suggestion latency p95, lost segments (published
// finals missing from Postgres), errors (agent error counters + web 5xx + failed API calls).
// Targets (issue 8): 0 dropped frames, transcript p95 ≤ 1500 ms, 0 lost segments.
//   pnpm bench load [--duration 300] [--rooms 10]
// CI runs a 60-second version that fails when a target is missed:
//   pnpm bench load --duration 60 --rooms 2 --check
import { readFileSync, readdirSync } from 'node:fs';
import { parseArgs } from 'node:util';
import {
  livekitConfigFromEnv,
  simulators,
  type SimulatorName,
  type SpeakerResult,
} from '@parley/agent';
import { devEnv, freePort, startAgentWorker, waitFor } from '@parley/agent/testing';
import {
  simulateRoomListener,
  startFakeOpenAI,
  type RoomListener,
} from '@parley/agent/testing/room';
import { listSegments } from '@parley/db';
import { RoomServiceClient } from 'livekit-server-sdk';
import { call, signupUser, startTestServer } from '../web/src/lib/server/testing/server.ts';
import { settle } from './lib/cpu.ts';
import type { Benchmark } from './lib/run.ts';
import { roomSpeech, SPEAKERS_PER_ROOM } from './lib/speakers.ts';
import { quantile, round } from './lib/stats.ts';

const PER_ROOM = SPEAKERS_PER_ROOM;
const ROOM_STAGGER_MS = 700;
/** Answers of the fake STT server: each touches another investment-screening checklist item. */
const STT_LINES = [
  'Our founding team has deep experience in banking software.',
  'The market for this product is very large.',
  'Our revenue doubled last year.',
  'We burn a lot of cash each month.',
  'Customer acquisition is mostly through partners.',
  'Churn is under two percent.',
  'Our main competitor is much bigger than us.',
];

/** CPU seconds (user + system) and RSS bytes of a process and all its descendants. */
function treeUsage(root: number): { cpuS: number; rssBytes: number } {
  const tick = 100; // USER_HZ on Linux
  const stats = new Map<number, { ppid: number; cpu: number; rss: number }>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const s = readFileSync(`/proc/${name}/stat`, 'utf8');
      const f = s.slice(s.lastIndexOf(')') + 2).split(' ');
      stats.set(Number(name), {
        ppid: Number(f[1]),
        cpu: (Number(f[11]) + Number(f[12])) / tick,
        rss: Number(f[21]) * 4096,
      });
    } catch {
      // exited meanwhile
    }
  }
  let cpuS = 0;
  let rssBytes = 0;
  const todo = [root];
  while (todo.length) {
    const pid = todo.pop() ?? 0;
    const st = stats.get(pid);
    if (!st) continue;
    cpuS += st.cpu;
    rssBytes += st.rss;
    for (const [p, v] of stats) if (v.ppid === pid) todo.push(p);
  }
  return { cpuS, rssBytes };
}

/** Per new suggestion card: ms from the last final received before it (the one that caused it). */
function suggestionLatencies(listener: RoomListener): number[] {
  const seen = new Set<string>();
  const out: number[] = [];
  const finals = listener.finals.map((f) => f.receivedAt).sort((a, b) => a - b);
  for (const d of listener.data) {
    if (d.topic !== 'parley.suggestions') continue;
    const cards = (d.json as { suggestions?: { id: string }[] }).suggestions ?? [];
    const fresh = cards.some((c) => !seen.has(c.id));
    for (const c of cards) seen.add(c.id);
    if (!fresh) continue;
    const cause = finals.filter((t) => t <= d.receivedAt).at(-1);
    if (cause !== undefined && d.receivedAt - cause < 10_000) out.push(d.receivedAt - cause);
  }
  return out;
}

const counter = (text: string, name: string) =>
  Number(new RegExp(`^${name} (\\d+)`, 'm').exec(text)?.[1] ?? 0);

export default {
  async run(args, log) {
    const { values } = parseArgs({
      args,
      options: {
        duration: { type: 'string', default: '300' },
        rooms: { type: 'string', default: '10' },
        // opus: speakers send audio encoded beforehand (people's browsers encode on their own
        // machines); rtc: the LiveKit SDK encodes every voice here, on the machine under test.
        generator: { type: 'string', default: 'opus' },
        // CI: fail unless the targets are met (nothing lost, no errors, no drops, p95 ≤ 1.5 s).
        check: { type: 'boolean', default: false },
      },
    });
    const durationS = Math.max(20, Number(values.duration));
    const roomCount = Math.max(1, Number(values.rooms));
    if (!(values.generator in simulators)) throw new Error('--generator is opus or rtc');
    const simulateWith = simulators[values.generator as SimulatorName];
    const env = devEnv();
    const lk = livekitConfigFromEnv(env);

    // Speech: each of the three voices talks for about `duration` seconds (≈ 4.5 s per line).
    const linesPerSpeaker = Math.ceil(durationS / 4.5);
    const talks = await roomSpeech(linesPerSpeaker, `load-${durationS}`);
    log(`speech ready: ${PER_ROOM} speakers × ${linesPerSpeaker} lines`);

    const stt = await startFakeOpenAI({ mode: 'fixed' });
    let n = 0;
    Object.defineProperty(stt, 'fixedText', {
      get: () => STT_LINES[n++ % STT_LINES.length] ?? 'noted',
    });
    const agentName = `load-${Date.now()}`;
    const webMetricsPort = await freePort();
    const web = await startTestServer('bench-load', {
      PARLEY_AGENT_NAME: agentName,
      WEB_METRICS_PORT: String(webMetricsPort),
      AGENT_WATCHDOG_INTERVAL_MS: '0',
    });
    const agent = await startAgentWorker(
      {
        ...env,
        DATABASE_URL: web.testDb.url,
        STT_PROVIDER: 'openai',
        OPENAI_API_KEY: 'sk-bench',
        OPENAI_BASE_URL: stt.baseURL,
        SUGGESTIONS_PROVIDER: 'template',
        AGENT_MAX_JOBS: String(roomCount + 2),
        AGENT_IDLE_PROCESSES: String(Math.min(roomCount, 4)),
        PARLEY_AGENT_NAME: agentName,
      },
      'bench-load-agent',
    ).catch(async (err: unknown) => {
      await web.stop();
      await stt.close();
      throw err;
    });
    let apiErrors = 0;
    const rooms = new RoomServiceClient(lk.url.replace(/^ws/, 'http'), lk.apiKey, lk.apiSecret);
    try {
      const owner = await signupUser(web.base, 'Load Owner');
      const setups = await Promise.all(
        Array.from({ length: roomCount }, async (_, r) => {
          const m = await call(web.base, 'POST', '/api/meetings', {
            cookie: owner.cookie,
            json: { title: `Load ${r}`, type: 'investment_screening' },
          });
          if (m.status !== 201) throw new Error(`meeting ${r}: ${m.status}`);
          const meeting = m.body.meeting as { id: string; roomName: string };
          await rooms.createRoom({ name: meeting.roomName, emptyTimeout: 120 });
          // As a browser would: the web app issues the token and dispatches the agent.
          const t = await call(web.base, 'POST', `/api/meetings/${meeting.id}/token`, {
            cookie: owner.cookie,
            json: {},
          });
          if (t.status !== 200) throw new Error(`token ${r}: ${t.status}`);
          const listener = await simulateRoomListener(lk, meeting.roomName, {
            identity: `member-${r}`,
          });
          await listener.waitForAgent(90_000);
          return { meeting, listener };
        }),
      );
      const settledMs = await settle(agent.child.pid ?? 0);
      log(
        `${roomCount} rooms ready, agent in each (worker settled in ${Math.round(settledMs / 1000)} s); speaking for ${durationS} s`,
      );

      const before = {
        agent: treeUsage(agent.child.pid ?? 0),
        web: treeUsage(web.proc.child.pid ?? 0),
        at: Date.now(),
      };
      let peakRss = 0;
      let peakAgentRss = 0;
      const sampler = setInterval(() => {
        const a = treeUsage(agent.child.pid ?? 0).rssBytes;
        const w = treeUsage(web.proc.child.pid ?? 0).rssBytes;
        peakAgentRss = Math.max(peakAgentRss, a);
        peakRss = Math.max(peakRss, a + w);
      }, 2_000);
      // Members poll their meeting (the web app under load too).
      const poller = setInterval(() => {
        for (const { meeting } of setups) {
          void call(web.base, 'GET', `/api/meetings/${meeting.id}`, { cookie: owner.cookie })
            .then((r) => {
              if (r.status !== 200) apiErrors++;
            })
            .catch(() => apiErrors++);
        }
      }, 5_000);
      const progress = setInterval(() => {
        const finals = setups.reduce((a, s) => a + s.listener.finals.length, 0);
        log(`${Math.round((Date.now() - before.at) / 1000)} s: ${finals} finals so far`);
      }, 30_000);

      const started = Date.now();
      // An overloaded machine can stall the simulated microphones; stop waiting after 3× the
      // speech (+60 s) and count what did not arrive as missed.
      const deadlineMs = durationS * 3_000 + 60_000;
      let timedOut = 0;
      const simulated = Promise.all(
        setups.map(({ meeting }, r) =>
          simulateWith({
            livekit: lk,
            room: meeting.roomName,
            speakers: talks.map((t, i) => ({ identity: `r${r}-s${i}`, file: t.path })),
            tailMs: 3_000,
            // Meetings are independent: rooms start 0.7 s apart, not in lockstep (they play
            // the same three files; in step, every room would end its sentences at once).
            leadInMs: 2_000 + r * ROOM_STAGGER_MS,
          })
            .then((res) => ({ res, r, endedAt: Date.now() }))
            .catch((err: unknown) => {
              apiErrors++;
              log(`room ${r}: simulate failed (${(err as Error).message})`);
              return { res: [] as SpeakerResult[], r, endedAt: Date.now() };
            }),
        ),
      );
      const results = await Promise.race([
        simulated,
        new Promise<{ res: SpeakerResult[]; r: number; endedAt: number }[]>((resolve) =>
          setTimeout(() => {
            timedOut = 1;
            log(`still not done after ${deadlineMs / 1000} s: stopping (machine overloaded)`);
            resolve(setups.map((_, r) => ({ res: [], r, endedAt: Date.now() })));
          }, deadlineMs).unref(),
        ),
      ]);
      clearInterval(sampler);
      clearInterval(poller);
      clearInterval(progress);
      const after = {
        agent: treeUsage(agent.child.pid ?? 0),
        web: treeUsage(web.proc.child.pid ?? 0),
        at: Date.now(),
      };
      const wallS = (after.at - before.at) / 1000;

      // Transcript latency and missed utterances (as bench/agent-capacity.ts measures them).
      const transcript: number[] = [];
      let missed = 0;
      let droppedFrames = 0;
      for (const { res, r } of results) {
        const finals = setups[r]?.listener.finals ?? [];
        if (res.length === 0) {
          // The room never finished: every line of its speakers counts as missed.
          missed += talks.reduce((a, t) => a + t.lines.length, 0);
          continue;
        }
        // Audio that reached the room too late to be played: gaps the agent heard.
        for (const sp of res) droppedFrames += sp.droppedFrames;
        res.forEach((sp, i) => {
          const mine = finals.filter((f) => f.identity === sp.identity);
          for (const line of talks[i]?.lines ?? []) {
            const end = sp.startedAt + line.endMs;
            const f = mine.find((x) => x.receivedAt >= end);
            if (!f || f.receivedAt - end > 10_000) missed++;
            else transcript.push(f.receivedAt - end);
          }
        });
      }
      const suggestion = setups.flatMap((s) => suggestionLatencies(s.listener));

      // Lost: published finals that never reached Postgres.
      let lost = 0;
      for (const { meeting, listener } of setups) {
        const published = listener.finals.filter((f) => f.identity !== listener.identity);
        const stored = await waitFor(
          `segments of ${meeting.id}`,
          async () => {
            const rows = await listSegments(web.db, meeting.id);
            return rows.length >= published.length ? rows : null;
          },
          20_000,
          500,
        ).catch(() => listSegments(web.db, meeting.id));
        const ids = new Set(stored.map((s) => s.segment_id));
        lost += published.filter((f) => !ids.has(f.segmentId)).length;
      }

      const agentMetrics = await (
        await fetch(`http://127.0.0.1:${agent.metricsPort}/metrics`)
      ).text();
      const agentErrors = [
        'parley_agent_stt_errors_total',
        'parley_agent_db_write_errors_total',
        'parley_agent_spool_errors_total',
        'parley_agent_publish_errors_total',
      ].reduce((a, k) => a + counter(agentMetrics, k), 0);
      const webMetrics = await (await fetch(`http://127.0.0.1:${webMetricsPort}/metrics`)).text();
      const web5xx = [...webMetrics.matchAll(/status="5xx"\} (\d+)/g)].reduce(
        (a, m) => a + Number(m[1]),
        0,
      );
      await Promise.all(setups.map((s) => s.listener.close()));

      const finalsTotal = setups.reduce((a, s) => a + s.listener.finals.length, 0);
      log(
        `${finalsTotal} finals, transcript p95 ${Math.round(quantile(transcript, 0.95))} ms, ` +
          `${missed} missed, ${lost} lost, suggestion p95 ${Math.round(quantile(suggestion, 0.95))} ms`,
      );
      const metrics = {
        duration_s_requested: durationS,
        rooms: roomCount,
        speakers: roomCount * PER_ROOM,
        cpu_cores_agent: round((after.agent.cpuS - before.agent.cpuS) / wallS, 2),
        cpu_cores_web: round((after.web.cpuS - before.web.cpuS) / wallS, 2),
        memory_peak_mb: round(peakRss / 2 ** 20, 0),
        memory_agent_peak_mb: round(peakAgentRss / 2 ** 20, 0),
        finals: finalsTotal,
        dropped_frames: droppedFrames,
        transcript_p50_ms: round(quantile(transcript, 0.5), 0),
        transcript_p95_ms: round(quantile(transcript, 0.95), 0),
        suggestion_p95_ms: round(quantile(suggestion, 0.95), 0),
        suggestion_samples: suggestion.length,
        missed_utterances: missed,
        lost_segments: lost,
        errors: agentErrors + apiErrors + web5xx + timedOut,
        timed_out: timedOut,
        elapsed_s: Math.round((Date.now() - started) / 1000),
      };
      if (values.check) {
        const missedTargets = [
          metrics.lost_segments > 0 && `${metrics.lost_segments} lost segments`,
          metrics.errors > 0 && `${metrics.errors} errors`,
          metrics.missed_utterances > 0 && `${metrics.missed_utterances} missed utterances`,
          metrics.dropped_frames > 0 && `${metrics.dropped_frames} dropped frames`,
          !(metrics.transcript_p95_ms <= 1_500) &&
            `transcript p95 ${metrics.transcript_p95_ms} ms > 1500 ms`,
        ].filter((x): x is string => typeof x === 'string');
        if (missedTargets.length > 0) {
          log(JSON.stringify(metrics));
          throw new Error(`load targets missed: ${missedTargets.join(', ')}`);
        }
      }
      return metrics;
    } finally {
      await agent.stop();
      await web.stop();
      await stt.close();
    }
  },
} satisfies Benchmark;

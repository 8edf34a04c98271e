// Multi-node: the same room workload on 1 node (1 LiveKit + 1 agent worker) and on 2 nodes
// (2 LiveKit + 2 workers), each behind nginx with as many web replicas (e2e/cluster), in one run,
// then the failover gaps on 2 nodes. One 2-core machine runs everything, so this shows that work
// spreads over the nodes and fails over correctly, not a speed-up.
//
// Rooms of 3 simulated speakers (pre-encoded Opus, --generator) are opened through the web API
// one after another (LiveKit puts each on the node with the fewest rooms, and its job on a worker
// weighted by free capacity), then all talk for --seconds. A level holds when transcript p95
// (end of speech → final at a listener) ≤ 2.5 s and no line is missed; levels go up until one
// fails. Speech-to-text is a network provider: a local server speaking the OpenAI API that
// knows the lines spoken and answers each request after a wait drawn from a hosted-STT latency
// model (--stt-latency, median/p95 ms), so the agents' own work and the network wait are measured,
// not a recogniser's CPU.
//
// Failover (2 nodes, --failover-rooms rooms, speakers that reconnect: the rtc generator): SIGKILL
// of the worker holding most rooms (and its job processes), then of the LiveKit node holding
// most rooms, 15 s into the speech. The gap is kill → first new final stored in Postgres, median
// over the rooms it hit; kill → agent back in the room is reported beside it.
//   pnpm bench multinode [--levels 2,4,6,8] [--seconds 40] [--failover-rooms 4] [--generator opus|rtc]
//                        [--stt-latency 400/1200@1]
import { simulators, type SimulatorName, type SpeakerResult } from '@parley/agent';
import { formatLatencyModel, hostedSttLatency, parseLatencyModel } from '@parley/agent/testing';
import {
  simulateRoomListener,
  startFakeOpenAI,
  type RoomListener,
} from '@parley/agent/testing/room';
import { freePort, killTree } from '@parley/testkit';
import { RoomServiceClient } from 'livekit-server-sdk';
import { call, signupUser } from '../web/src/lib/server/testing/server.ts';
import { agentJoins, holderOf, startCluster, type Cluster } from '../e2e/cluster/index.ts';
import { benchArgs, recordArgs } from './lib/args.ts';
import { settle } from './lib/cpu.ts';
import type { Benchmark } from './lib/run.ts';
import { roomSpeech, scriptOracle, SPEAKERS_PER_ROOM } from './lib/speakers.ts';
import { quantile, round } from './lib/stats.ts';

const P95_LIMIT_MS = 2_500;
const ROOM_STAGGER_MS = 700;
const KILL_AFTER_MS = 15_000;

interface Room {
  id: string;
  name: string;
  listener: RoomListener;
}

type Talks = Awaited<ReturnType<typeof roomSpeech>>;

/** Opens rooms one after another through the web API; each waits for its agent. */
async function openRooms(c: Cluster, cookie: string, count: number): Promise<Room[]> {
  const lk = new RoomServiceClient(
    c.livekit.url.replace(/^ws/, 'http'),
    c.livekit.apiKey,
    c.livekit.apiSecret,
  );
  const rooms: Room[] = [];
  for (let i = 0; i < count; i++) {
    const m = await call(c.baseUrl, 'POST', '/api/meetings', {
      cookie,
      json: { title: `Room ${i}`, type: 'general' },
    });
    if (m.status !== 201) throw new Error(`meeting: ${m.status}`);
    const meeting = m.body.meeting as { id: string; roomName: string };
    await lk.createRoom({ name: meeting.roomName, emptyTimeout: 60 });
    const t = await call(c.baseUrl, 'POST', `/api/meetings/${meeting.id}/token`, {
      cookie,
      json: {},
    });
    if (t.status !== 200) throw new Error(`token: ${t.status}`);
    const listener = await simulateRoomListener(c.livekit, meeting.roomName, {
      identity: `member-${i}`,
    });
    await listener.waitForAgent(90_000);
    rooms.push({ id: meeting.id, name: meeting.roomName, listener });
  }
  return rooms;
}

/** Closes the rooms' listeners and waits until the workers are quiet again. */
async function closeRooms(c: Cluster, rooms: Room[]): Promise<void> {
  for (const r of rooms) await r.listener.close().catch(() => undefined);
  await new Promise((r) => setTimeout(r, 8_000)); // the agents leave empty rooms after 5 s
  for (const a of c.agents) {
    if (a.child.exitCode === null && a.child.signalCode === null) {
      await settle(a.child.pid ?? 0, { maxMs: 30_000 });
    }
  }
}

/** Where the rooms are: rooms per LiveKit node and jobs per worker, e.g. "3+3 / 4+2". */
async function spread(c: Cluster, rooms: Room[]): Promise<string> {
  const nodes = await Promise.all(rooms.map((r) => c.nodeOfRoom(r.name)));
  const perNode = c.nodes.map((n) => nodes.filter((x) => x === n).length);
  const perWorker = c.agents.map(
    (a) => rooms.filter((r) => holderOf(c.agents, r.name) === a).length,
  );
  return `rooms per node ${perNode.join('+')}, jobs per worker ${perWorker.join('+')}`;
}

/** Everyone talks; transcript latency per line (end of speech → final) and lines missed. */
async function talk(
  rooms: Room[],
  talks: Talks,
  simulate: (typeof simulators)[SimulatorName],
  lk: Cluster['livekit'],
): Promise<{ latencies: number[]; missed: number; dropped: number }> {
  const results = await Promise.all(
    rooms.map((r, i) =>
      simulate({
        livekit: lk,
        room: r.name,
        speakers: talks.map((t, s) => ({ identity: `r${i}-s${s}`, file: t.path })),
        tailMs: 3_000,
        leadInMs: 2_000 + i * ROOM_STAGGER_MS,
      }).catch(() => [] as SpeakerResult[]),
    ),
  );
  const latencies: number[] = [];
  let missed = 0;
  let dropped = 0;
  results.forEach((res, i) => {
    const finals = rooms[i]?.listener.finals ?? [];
    if (res.length === 0) missed += talks.reduce((a, t) => a + t.lines.length, 0);
    res.forEach((sp, s) => {
      dropped += sp.droppedFrames;
      const mine = finals.filter((f) => f.identity === sp.identity);
      for (const line of talks[s]?.lines ?? []) {
        const end = sp.startedAt + line.endMs;
        const f = mine.find((x) => x.receivedAt >= end);
        if (!f || f.receivedAt - end > 10_000) missed++;
        else latencies.push(f.receivedAt - end);
      }
    });
  });
  return { latencies, missed, dropped };
}

/**
 * One failover: rooms talk, and 15 s in `kill` takes a worker or a node down; returns, per room it
 * hit, the seconds from the kill to the first new final stored and to the agent being back.
 */
async function failover(
  c: Cluster,
  cookie: string,
  roomCount: number,
  talks: Talks,
  pick: (rooms: Room[]) => Promise<{ hit: Room[]; kill: () => Promise<void> | void; what: string }>,
  log: (line: string) => void,
): Promise<{ gapS: number[]; backS: number[] }> {
  const rooms = await openRooms(c, cookie, roomCount);
  log(`failover: ${roomCount} rooms, ${await spread(c, rooms)}`);
  const victim = await pick(rooms);
  let killedAt = 0;
  const gaps = new Map<string, number>();
  const watch = setInterval(() => {
    if (!killedAt) return;
    for (const r of victim.hit) {
      if (gaps.has(r.id)) continue;
      void c.db.db
        .selectFrom('transcript_segments')
        .select('segment_id')
        .where('meeting_id', '=', r.id)
        .where('spoken_at', '>', new Date(killedAt))
        .executeTakeFirst()
        .then((row) => {
          if (row && !gaps.has(r.id)) gaps.set(r.id, Date.now() - killedAt);
        });
    }
  }, 250);
  const speaking = talk(rooms, talks, simulators.rtc, c.livekit);
  await new Promise((r) => setTimeout(r, 2_000 + KILL_AFTER_MS));
  killedAt = Date.now();
  await victim.kill();
  log(`failover: killed ${victim.what}; ${victim.hit.length} room(s) hit`);
  await speaking;
  await new Promise((r) => setTimeout(r, 5_000));
  clearInterval(watch);
  const backS = victim.hit.map((r) => {
    const t = Math.min(
      ...c.agents.flatMap((a) => agentJoins(a, r.name)).filter((x) => x > killedAt),
    );
    return (t - killedAt) / 1000;
  });
  const gapS = victim.hit.map((r) => (gaps.get(r.id) ?? Number.NaN) / 1000);
  log(
    `failover: ${victim.what}: gap ${gapS.map((s) => s.toFixed(1)).join(', ')} s; agent back ${backS.map((s) => s.toFixed(1)).join(', ')} s`,
  );
  await closeRooms(c, rooms);
  return { gapS, backS };
}

const median = (xs: number[]) => round(quantile(xs.filter(Number.isFinite), 0.5), 1);
const mostHeld = <T>(items: T[], count: (t: T) => number) =>
  items.reduce((best, t) => (count(t) > count(best) ? t : best));

export default {
  async run(args, log) {
    const values = benchArgs(args, {
      levels: { type: 'string', default: '2,4,6,8' },
      seconds: { type: 'string', default: '40' },
      'failover-rooms': { type: 'string', default: '4' },
      generator: { type: 'string', default: 'opus' },
      'stt-latency': { type: 'string', default: formatLatencyModel(hostedSttLatency) },
    });
    if (!(values.generator in simulators)) throw new Error('--generator is opus or rtc');
    const simulate = simulators[values.generator as SimulatorName];
    const levels = values.levels
      .split(',')
      .map(Number)
      .filter((n) => Number.isInteger(n) && n > 0);
    const seconds = Math.max(20, Number(values.seconds));
    const latency = parseLatencyModel(values['stt-latency']);
    recordArgs({
      levels,
      speakers_per_room: SPEAKERS_PER_ROOM,
      stt: 'openai-compatible local server, script answers, latency model',
      stt_latency: latency,
      suggestions_provider: 'template',
      p95_limit_ms: P95_LIMIT_MS,
      kill_after_ms: KILL_AFTER_MS,
      stopping_rule:
        'levels in order on 1 node (1 LiveKit + 1 worker + 1 web) then on 2 nodes (2 + 2 + 2); ' +
        'the first level with transcript p95 over the limit or a line missed ends the series; ' +
        'the figure is the last level held',
      failover:
        'on 2 nodes: SIGKILL of the worker holding most rooms, then of the LiveKit node holding ' +
        'most rooms, 15 s into the speech; gap = kill → first new final stored (median over the ' +
        'rooms hit)',
    });
    const talks = await roomSpeech(Math.ceil(seconds / 4.5), `multinode-${seconds}`);
    const stt = await startFakeOpenAI({
      mode: 'script',
      script: await scriptOracle(talks),
      latency,
    });
    const metrics: Record<string, number> = { seconds_per_level: seconds };
    try {
      for (const n of [1, 2]) {
        const c = await startCluster({
          name: `bench-multinode-${n}`,
          livekitNodes: n,
          agentWorkers: n,
          webReplicas: n,
          jobsWorker: false,
          port: await freePort(),
          env: { STT_PROVIDER: 'openai', OPENAI_API_KEY: 'sk-bench', OPENAI_BASE_URL: stt.baseURL },
          agentEnv: {
            SUGGESTIONS_PROVIDER: 'template',
            POSTMEETING_WORKER: 'false',
            AGENT_MAX_JOBS: String(Math.max(...levels) + 2),
          },
        });
        try {
          const { cookie } = await signupUser(c.baseUrl, 'Bench Owner');
          const nodes = n === 1 ? '1_node' : '2_nodes';
          let held = 0;
          for (const level of levels) {
            const rooms = await openRooms(c, cookie, level);
            const where = await spread(c, rooms);
            const r = await talk(rooms, talks, simulate, c.livekit);
            const p95 = quantile(r.latencies, 0.95);
            const ok = p95 <= P95_LIMIT_MS && r.missed === 0;
            log(
              `${n} node(s), ${level} rooms (${where}): transcript p95 ${Math.round(p95)} ms, ${r.missed} missed, ${r.dropped} frames late → ${ok ? 'held' : 'not held'}`,
            );
            await closeRooms(c, rooms);
            if (!ok) break;
            held = level;
            // Transcript p95 at the most rooms held.
            metrics[`transcript_p95_${nodes}_ms`] = Math.round(p95);
          }
          metrics[`rooms_${nodes}`] = held;
          if (n === 2) {
            const rooms = Number(values['failover-rooms']);
            const w = await failover(
              c,
              cookie,
              rooms,
              talks,
              (list) => {
                const held = (a: (typeof c.agents)[number]) =>
                  list.filter((r) => holderOf(c.agents, r.name) === a).length;
                const victim = mostHeld(c.agents, held);
                const hit = list.filter((r) => holderOf(c.agents, r.name) === victim);
                const kill = () => killTree(victim.child.pid ?? 0);
                return Promise.resolve({ hit, kill, what: victim.name });
              },
              log,
            );
            metrics.worker_failover_s = median(w.gapS);
            metrics.worker_agent_back_s = median(w.backS);
            // Two workers again, so the node kill is not also a capacity cut.
            await c.addAgent('bench-multinode-2-agent-3');
            const nodeRun = await failover(
              c,
              cookie,
              rooms,
              talks,
              async (list) => {
                const where = await Promise.all(list.map((r) => c.nodeOfRoom(r.name)));
                const victim = mostHeld(c.nodes, (node) => where.filter((x) => x === node).length);
                const hit = list.filter((_, i) => where[i] === victim);
                return { hit, kill: () => victim.kill(), what: victim.name };
              },
              log,
            );
            metrics.node_failover_s = median(nodeRun.gapS);
            metrics.node_agent_back_s = median(nodeRun.backS);
          }
        } finally {
          await c.stop();
        }
      }
      return metrics;
    } finally {
      await stt.close();
    }
  },
} satisfies Benchmark;

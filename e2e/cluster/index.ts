// Parley on several nodes of each engine, all on loopback, for the multi-node test, its benchmark
// and `deploy/dev/multinode`: N livekit-server nodes sharing the dev Redis, agent workers, web
// replicas behind nginx (which also fronts LiveKit) and a separate post-meeting worker, on a
// fresh database, beside the dev services and never in their way (own ports, agent name, queue
// prefix, and a Redis database of LiveKit's own).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { startAgentWorker } from '@parley/agent/testing';
import { createTestDatabase, type TestDatabase } from '@parley/db/testing';
import {
  devEnv,
  ensureWebBuild,
  freePort,
  GiveUp,
  queuePrefixFor,
  startLiveKitNode,
  startNode,
  waitFor,
  type LiveKitNode,
  type Proc,
} from '@parley/testkit';
import { leaseRedisDb, type RedisDbLease } from './redis-lease.ts';
import { startNginx } from './nginx.ts';

export { ensureNginx } from './nginx.ts';

export interface ClusterOptions {
  /** Prefix of process names and log files. */
  name: string;
  livekitNodes: number;
  agentWorkers: number;
  webReplicas: number;
  /** A separate `pnpm agent jobs` post-meeting worker. */
  jobsWorker: boolean;
  /** nginx's port: the web build's origin (PARLEY_WEB_PORT of the dev settings by default). */
  port?: number;
  /** Settings for every web and agent process (over the dev ones). */
  env?: Record<string, string>;
  /** Settings for the agent workers only. */
  agentEnv?: Record<string, string>;
  /** Folder for configs (a temporary one by default, removed at stop). */
  dir?: string;
}

/** A process of the cluster with the name its log is saved under. */
export type Named<T = Proc> = T & { name: string };
export type AgentWorker = Named<Awaited<ReturnType<typeof startAgentWorker>>>;
export type WebReplica = Named & { base: string };

export interface Cluster {
  /** The settings the web and agent processes share. */
  env: Record<string, string>;
  db: TestDatabase;
  /** The front door: `http://localhost:PORT` (nginx). */
  baseUrl: string;
  /** LiveKit through nginx, for simulated people and listeners (they reconnect through it). */
  livekit: { url: string; apiKey: string; apiSecret: string };
  nodes: LiveKitNode[];
  webs: WebReplica[];
  agents: AgentWorker[];
  jobs: Named | undefined;
  nginx: Proc;
  /** The LiveKit node a room lives on now (Redis `room_node_map`), if any. */
  nodeOfRoom: (roomName: string) => Promise<LiveKitNode | undefined>;
  /** Starts one more agent worker with the cluster's settings (added to `agents`). */
  addAgent: (name: string) => Promise<AgentWorker>;
  stop: () => Promise<void>;
}

/** Starts everything, in dependency order; on a failure, stops what had started. */
export async function startCluster(o: ClusterOptions): Promise<Cluster> {
  const dev = devEnv();
  const port = o.port ?? Number(dev.PARLEY_WEB_PORT ?? 3000);
  ensureWebBuild(dev.ORIGIN ?? `http://localhost:${port}`);
  const key = dev.LIVEKIT_API_KEY ?? '';
  const secret = dev.LIVEKIT_API_SECRET ?? '';
  const ownDir = o.dir === undefined;
  const dir = o.dir ?? (await mkdtemp(`${tmpdir()}/parley-cluster-`));
  const started: { stop: () => Promise<void> }[] = [];
  let lease: RedisDbLease | undefined;
  let db: TestDatabase | undefined;
  const stop = async () => {
    for (const p of started.reverse()) await p.stop().catch(() => undefined);
    await lease?.release();
    await db?.drop();
    if (ownDir) await rm(dir, { recursive: true, force: true });
  };
  try {
    lease = await leaseRedisDb(dev.REDIS_URL ?? '');
    db = await createTestDatabase(dev.DATABASE_URL ?? '');
    const redisUrl = new URL(dev.REDIS_URL ?? '');
    const nodes: LiveKitNode[] = [];
    for (let i = 0; i < o.livekitNodes; i++) {
      const node = await startLiveKitNode({
        name: `${o.name}-livekit-${i + 1}`,
        dir,
        apiKey: key,
        apiSecret: secret,
        redis: { address: `${redisUrl.hostname}:${redisUrl.port}`, db: lease.db },
        webhookUrl: `http://127.0.0.1:${port}/api/livekit/webhook`,
      });
      started.push(node);
      nodes.push(node);
    }
    const webPorts = await Promise.all(Array.from({ length: o.webReplicas }, () => freePort()));
    const livekitPort = await freePort();
    const nginx = await startNginx({
      dir,
      port,
      livekitPort,
      web: webPorts,
      livekit: nodes.map((n) => n.port),
    });
    started.push(nginx);

    // Servers reach LiveKit through nginx too: a dead node is one the others stand in for.
    const viaNginx = `ws://127.0.0.1:${livekitPort}`;
    const env: Record<string, string> = {
      ...dev,
      ...o.env,
      DATABASE_URL: db.url,
      LIVEKIT_URL: viaNginx,
      LIVEKIT_PUBLIC_URL: `ws://localhost:${port}/livekit`,
      PARLEY_AGENT_NAME: `${o.name}-${Math.random().toString(36).slice(2, 8)}`,
      // One deployment: the replicas share rate limits and the post-meeting queue.
      RATE_LIMIT_PREFIX: `${o.name}-${Date.now().toString(36)}`,
      POSTMEETING_QUEUE_PREFIX: queuePrefixFor(db.url),
    };
    const webs = webPorts.map((p, i) => {
      const name = `${o.name}-web-${i + 1}`;
      const proc = startNode(name, ['web/build/index.js'], {
        ...env,
        HOST: '127.0.0.1',
        PORT: String(p),
      });
      started.push(proc);
      return { ...proc, name, base: `http://127.0.0.1:${p}` };
    });
    const agents: AgentWorker[] = [];
    const addAgent = async (name: string): Promise<AgentWorker> => {
      const agent = { ...(await startAgentWorker({ ...env, ...o.agentEnv }, name)), name };
      started.push(agent);
      agents.push(agent);
      return agent;
    };
    for (let i = 0; i < o.agentWorkers; i++) await addAgent(`${o.name}-agent-${i + 1}`);
    let jobs: Named | undefined;
    if (o.jobsWorker) {
      const name = `${o.name}-jobs`;
      jobs = { ...startNode(name, ['agent/src/cli/main.ts', 'jobs'], env), name };
      started.push(jobs);
      const j = jobs;
      await waitFor(
        'the post-meeting worker',
        () => j.output().includes('post-meeting worker running'),
        30_000,
      );
    }
    for (const w of webs) {
      await waitFor(
        `${w.name}`,
        async () => {
          if (w.child.exitCode !== null) throw new GiveUp(`${w.name} exited:\n${w.output()}`);
          return (await fetch(`${w.base}/login`)).ok;
        },
        30_000,
      );
    }
    const redis = lease.client;
    return {
      env,
      db,
      baseUrl: `http://localhost:${port}`,
      livekit: { url: viaNginx, apiKey: key, apiSecret: secret },
      nodes,
      webs,
      agents,
      jobs,
      nginx,
      nodeOfRoom: async (roomName) => {
        const id = await redis.hget('room_node_map', roomName);
        return nodes.find((n) => n.nodeId === id);
      },
      addAgent,
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}

/** When (epoch ms) a worker's jobs logged "agent joined meeting" for the room. */
export function agentJoins(worker: Proc, roomName: string): number[] {
  const times: number[] = [];
  for (const line of worker.output().split('\n')) {
    if (!line.includes('"msg":"agent joined meeting"') || !line.includes(`"room":"${roomName}"`)) {
      continue;
    }
    const t = /"time":(\d+)/.exec(line)?.[1];
    if (t) times.push(Number(t));
  }
  return times;
}

/** The worker whose job joined the room last (the one holding it now, if it lives). */
export function holderOf<W extends Proc>(workers: W[], roomName: string): W | undefined {
  let best: { w: W; t: number } | undefined;
  for (const w of workers) {
    const t = Math.max(...agentJoins(w, roomName));
    if (t > (best?.t ?? 0)) best = { w, t };
  }
  return best?.w;
}

// The multi-node stack for development: `deploy/dev/multinode up` runs this in the background.
// It starts the cluster the multi-node test runs (2 LiveKit nodes, 2 agent workers, 2 web
// replicas behind nginx, a post-meeting worker), writes what runs where to
// .data/multinode/state.json and every process's output to .data/multinode/logs/, and stops it
// all on SIGTERM (`deploy/dev/multinode down`).
import { createWriteStream } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { devEnv, repoRoot, type Proc } from '@parley/testkit';
import { startCluster } from './index.ts';

const dir = `${repoRoot}.data/multinode`;
const port = Number(process.env.PARLEY_MULTINODE_PORT ?? devEnv().PARLEY_WEB_PORT ?? 3000);
await mkdir(`${dir}/logs`, { recursive: true });
const c = await startCluster({
  name: 'multinode',
  livekitNodes: 2,
  agentWorkers: 2,
  webReplicas: 2,
  jobsWorker: true,
  port,
  dir,
});

const processes: { name: string; what: string; proc: Proc }[] = [
  ...c.nodes.map((n) => ({
    name: n.name,
    what: `LiveKit node ${n.nodeId}, port ${n.port}`,
    proc: n,
  })),
  { name: 'nginx', what: `${c.baseUrl} (and LiveKit at ${c.livekit.url})`, proc: c.nginx },
  ...c.webs.map((w) => ({ name: w.name, what: `web replica ${w.base}`, proc: w })),
  ...c.agents.map((a) => ({
    name: a.name,
    what: `agent worker, metrics :${a.metricsPort}`,
    proc: a,
  })),
  ...(c.jobs ? [{ name: c.jobs.name, what: 'post-meeting worker', proc: c.jobs }] : []),
];
for (const p of processes) {
  const log = createWriteStream(`${dir}/logs/${p.name}.log`, { flags: 'a' });
  log.write(p.proc.output());
  p.proc.child.stdout?.pipe(log);
  p.proc.child.stderr?.pipe(log);
}
await writeFile(
  `${dir}/state.json`,
  JSON.stringify({
    origin: c.baseUrl,
    database: new URL(c.db.url).pathname.slice(1),
    agentName: c.env.PARLEY_AGENT_NAME,
    processes: processes.map((p) => ({ name: p.name, what: p.what, pid: p.proc.child.pid })),
  }),
);
console.log(`multinode: up at ${c.baseUrl}`);

let stopping = false;
const stop = async (signal: string) => {
  if (stopping) return;
  stopping = true;
  console.log(`multinode: ${signal}, stopping`);
  await c.stop();
  await rm(`${dir}/state.json`, { force: true });
  process.exit(0);
};
process.once('SIGTERM', () => void stop('SIGTERM'));
process.once('SIGINT', () => void stop('SIGINT'));

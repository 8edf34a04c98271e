// A livekit-server of a test's own: its config written to a folder, its ports free ones, on
// loopback only. Several of them with the same `redis` form one multi-node LiveKit.
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import {
  freePort,
  freeUdpPort,
  GiveUp,
  livekitServerEnv,
  startProcess,
  waitFor,
  type Proc,
} from './processes.ts';

/** The binary `deploy/dev/services up` installs (go install, pinned). */
export const LIVEKIT_BIN = `${process.env.PARLEY_CACHE ?? `${homedir()}/.cache/parley`}/gobin/livekit-server-v1.13.5`;

export interface LiveKitNodeOptions {
  /** Log and artifact name, also the config file's name. */
  name: string;
  /** Folder for the config file. */
  dir: string;
  apiKey: string;
  apiSecret: string;
  /** Shared by every node of one LiveKit: `host:port` and a database number of its own. */
  redis?: { address: string; db: number };
  /** Where the node sends its webhooks. */
  webhookUrl?: string;
  logLevel?: 'debug' | 'info' | 'warn';
  /** Signalling, RTC TCP and RTC UDP ports for one start; free loopback ports by default. */
  ports?: () => Promise<[number, number, number]>;
}

export interface LiveKitNode extends Proc {
  name: string;
  /** `ws://127.0.0.1:PORT` of this node. */
  url: string;
  port: number;
  /** LiveKit's node id (`ND_…`), from its start-up log. */
  nodeId: string;
  /** SIGKILL: the node dies without telling Redis or anyone. */
  kill: () => Promise<void>;
}

function config(o: LiveKitNodeOptions, port: number, tcp: number, udp: number): string {
  return [
    `port: ${port}`,
    'bind_addresses: [127.0.0.1]',
    'rtc:',
    `  tcp_port: ${tcp}`,
    `  udp_port: ${udp}`,
    '  use_external_ip: false',
    '  node_ip: 127.0.0.1',
    '  enable_loopback_candidate: true',
    '  ips: { includes: [127.0.0.1/32] }',
    ...(o.redis ? ['redis:', `  address: ${o.redis.address}`, `  db: ${o.redis.db}`] : []),
    'keys:',
    `  ${o.apiKey}: ${o.apiSecret}`,
    ...(o.webhookUrl
      ? ['webhook:', `  api_key: ${o.apiKey}`, `  urls: [${JSON.stringify(o.webhookUrl)}]`]
      : []),
    'room: { empty_timeout: 300, departure_timeout: 20 }',
    // A new room goes to the node with the fewest rooms (the default picks at random).
    'node_selector: { kind: any, sort_by: rooms, algorithm: lowest }',
    'turn: { enabled: false }',
    `logging: { level: ${o.logLevel ?? 'info'}, json: true }`,
    '',
  ].join('\n');
}

/** Tries to start a node this many times when a port it was given was taken before it bound it. */
const START_ATTEMPTS = 3;

/**
 * Starts a livekit-server on free loopback ports and waits until it answers. A port found free
 * can be taken before the server binds it (WebRTC clients bind ephemeral UDP ports all the
 * time), so a start that fails with "address already in use" is tried again on new ports.
 */
export async function startLiveKitNode(o: LiveKitNodeOptions): Promise<LiveKitNode> {
  if (!existsSync(LIVEKIT_BIN)) {
    throw new Error(`livekit-server not found at ${LIVEKIT_BIN} (./pnpmw services up installs it)`);
  }
  await mkdir(o.dir, { recursive: true });
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOnce(o);
    } catch (err) {
      if (attempt >= START_ATTEMPTS || !portTaken(err)) throw err;
    }
  }
}

function portTaken(err: unknown): boolean {
  const cause = err instanceof Error ? err.cause : undefined;
  return cause instanceof Error && cause.message.includes('address already in use');
}

async function freePorts(): Promise<[number, number, number]> {
  return [await freePort(), await freePort(), await freeUdpPort()];
}

async function startOnce(o: LiveKitNodeOptions): Promise<LiveKitNode> {
  const [port, tcp, udp] = await (o.ports ?? freePorts)();
  const file = `${o.dir}/${o.name}.yaml`;
  await writeFile(file, config(o, port, tcp, udp), { mode: 0o600 });
  const proc = startProcess(o.name, LIVEKIT_BIN, ['--config', file], livekitServerEnv());
  const nodeId = await waitFor(
    `${o.name} to start`,
    async () => {
      if (proc.child.exitCode !== null) throw new GiveUp(`${o.name} exited:\n${proc.output()}`);
      const id = /"nodeID":"(ND_[A-Za-z0-9]+)"/.exec(proc.output())?.[1];
      return id && (await fetch(`http://127.0.0.1:${port}/`)).ok ? id : null;
    },
    30_000,
    100,
  ).catch(async (err: unknown) => {
    await proc.stop();
    throw err;
  });
  return {
    ...proc,
    name: o.name,
    url: `ws://127.0.0.1:${port}`,
    port,
    nodeId,
    kill: async () => {
      const c = proc.child;
      if (c.exitCode !== null || c.signalCode !== null) return;
      const exited = new Promise((r) => c.once('exit', r));
      c.kill('SIGKILL');
      await exited;
    },
  };
}

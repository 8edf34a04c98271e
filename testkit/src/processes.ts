// Helpers for tests and benchmarks that run the real processes against the dev services.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { createSocket } from 'node:dgram';
import { createServer, type AddressInfo } from 'node:net';
import { repoRoot } from './paths.ts';

export const artifactsDir = `${repoRoot}test-artifacts`;

/** The dev services' settings (`.data/dev.env`, written by `deploy/dev/services up`). */
export function devEnv(): Record<string, string> {
  const file = `${repoRoot}.data/dev.env`;
  if (!existsSync(file)) throw new Error('services are not running: run `./pnpmw services up`');
  const env: Record<string, string> = {};
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const m = /^([A-Z0-9_]+)=(.*)$/.exec(line.trim());
    if (m?.[1]) env[m[1]] = m[2] ?? '';
  }
  return env;
}

export interface Proc {
  child: ChildProcess;
  /** Everything the process printed so far (last MB or so). */
  output: () => string;
  /** SIGTERM, then SIGKILL after 8 s; saves the output to test-artifacts/NAME.log. */
  stop: () => Promise<void>;
}

/** Starts `node ARGS` from the repository root with extra environment. */
export function startNode(name: string, args: string[], env: Record<string, string>): Proc {
  return startProcess(name, process.execPath, args, { ...process.env, ...env });
}

/** Processes started here and still running. */
const running = new Set<ChildProcess>();

/**
 * Kills what is still running when this process exits or is told to stop (vitest stops a test
 * file's worker with SIGTERM): a file whose teardown never ran (a hook timeout, a crash) leaves
 * no web app or server holding a port for the files after it.
 */
function reapOnExit(child: ChildProcess): void {
  if (running.size === 0) {
    process.once('exit', killRunning);
    process.once('SIGTERM', onSigterm);
  }
  running.add(child);
  child.once('exit', () => {
    running.delete(child);
    if (running.size > 0) return;
    process.off('exit', killRunning);
    process.off('SIGTERM', onSigterm);
  });
}

function killRunning(): void {
  for (const child of running) child.kill('SIGKILL');
}

function onSigterm(): void {
  killRunning();
  // Then ends as SIGTERM would have, unless something else here handles it.
  if (process.listenerCount('SIGTERM') === 0) process.kill(process.pid, 'SIGTERM');
}

/**
 * Starts `command ARGS` from the repository root with exactly `env`, keeping what it prints (a
 * binary such as livekit-server or nginx; `startNode` for Node scripts). Whatever is still
 * running when this process exits is killed.
 */
export function startProcess(
  name: string,
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv,
): Proc {
  const child = spawn(command, args, { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
  reapOnExit(child);
  let out = '';
  const keep = (d: Buffer) => {
    out += d.toString();
    if (out.length > 2_000_000) out = out.slice(-1_000_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  return {
    child,
    output: () => out,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        const t = setTimeout(() => child.kill('SIGKILL'), 8_000);
        await exited;
        clearTimeout(t);
      }
      await mkdir(artifactsDir, { recursive: true });
      await writeFile(`${artifactsDir}/${name}.log`, out);
    },
  };
}

/**
 * The post-meeting queue's Redis prefix for processes on one test database. Test workers and
 * web servers share Redis with each other and with a dev stack: each test database gets a
 * queue of its own, so no worker takes a job of a meeting its database does not have.
 */
export function queuePrefixFor(databaseUrl: string | undefined): string {
  const name = databaseUrl ? new URL(databaseUrl).pathname.slice(1) : '';
  return `parley-test-${name || 'default'}`;
}

/**
 * Environment for a private livekit-server: ours without LIVEKIT_* variables, which the server
 * reads as flags (LIVEKIT_PORT would override the port of the config file it is given).
 */
export function livekitServerEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('LIVEKIT_')));
}

/** Thrown by a `waitFor` poll to stop waiting at once (the thing waited for can no longer happen). */
export class GiveUp extends Error {}

/** Polls `fn` until it returns something truthy; throws after `timeoutMs` or at a `GiveUp`. */
export async function waitFor<T>(
  what: string,
  fn: () => Promise<T | undefined | null | false> | T | undefined | null | false,
  timeoutMs = 30_000,
  everyMs = 200,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (err) {
      if (err instanceof GiveUp) throw new Error(`gave up waiting for ${what}`, { cause: err });
      last = err;
    }
    await new Promise((r) => setTimeout(r, everyMs));
  }
  throw new Error(`timed out waiting for ${what}`, { cause: last });
}

/** `p`, or an error naming `what` after `timeoutMs` (a hung step fails by name, not by the test's timeout). */
export async function within<T>(p: Promise<T>, timeoutMs: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`));
    }, timeoutMs);
  });
  try {
    return await Promise.race([p, late]);
  } finally {
    clearTimeout(timer);
  }
}

/** A TCP port nothing listens on right now (on loopback). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/** A UDP port nothing is bound to right now (on loopback). */
export function freeUdpPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const sock = createSocket('udp4');
    sock.once('error', reject);
    sock.bind(0, '127.0.0.1', () => {
      const { port } = sock.address();
      sock.close(() => resolve(port));
    });
  });
}

/** The process and every process under it (children of children too), from /proc. */
export function processTree(rootPid: number): number[] {
  const parent = new Map<number, number>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      parent.set(Number(name), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // exited meanwhile
    }
  }
  const tree = [rootPid];
  for (let i = 0; i < tree.length; i++) {
    for (const [pid, ppid] of parent) if (ppid === tree[i]) tree.push(pid);
  }
  return tree;
}

/** SIGKILLs a process and everything under it at once (a machine lost, not a process). */
export function killTree(rootPid: number): void {
  for (const pid of processTree(rootPid)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // gone already
    }
  }
}

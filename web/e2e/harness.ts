// Starts the real pieces for end-to-end tests: a fresh database, the built web app and an
// agent worker with its own agent name, all against the services `deploy/dev/services` runs.
import { createTestDatabase, type TestDatabase } from '@parley/db/testing';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
export const artifactsDir = `${repoRoot}test-artifacts`;

/** The dev services' settings (`.data/dev.env`), overridden by the process environment. */
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
  output: () => string;
  stop: () => Promise<void>;
}

export function startProcess(name: string, args: string[], env: Record<string, string>): Proc {
  const child = spawn(process.execPath, args, {
    cwd: repoRoot,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
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
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      const t = setTimeout(() => child.kill('SIGKILL'), 8_000);
      await exited;
      clearTimeout(t);
      await mkdir(artifactsDir, { recursive: true });
      await writeFile(`${artifactsDir}/${name}.log`, out);
    },
  };
}

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
      last = err;
    }
    await new Promise((r) => setTimeout(r, everyMs));
  }
  throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
}

export interface Stack {
  env: Record<string, string>;
  db: TestDatabase;
  baseUrl: string;
  agentName: string;
  web: Proc;
  agent: Proc;
  stop: () => Promise<void>;
}

/**
 * The web app listens on PARLEY_WEB_PORT, where LiveKit sends its webhooks; the agent gets an
 * agent name of its own so no other worker on the machine takes this test's jobs.
 */
export async function startStack(): Promise<Stack> {
  const base = devEnv();
  const db = await createTestDatabase(base.DATABASE_URL ?? '');
  const agentName = `parley-e2e-${Math.random().toString(36).slice(2, 8)}`;
  const port = base.PARLEY_WEB_PORT ?? '3000';
  const env = {
    ...base,
    DATABASE_URL: db.url,
    PARLEY_AGENT_NAME: agentName,
    PORT: port,
    HOST: '127.0.0.1',
    ORIGIN: `http://localhost:${port}`,
    AGENT_HTTP_PORT: '0',
    LOG_LEVEL: 'info',
  };
  const baseUrl = `http://localhost:${port}`;
  const web = startProcess('web', ['web/build/index.js'], env);
  const agent = startProcess('agent', ['agent/src/main.ts', 'start'], env);
  const stack: Stack = {
    env,
    db,
    baseUrl,
    agentName,
    web,
    agent,
    stop: async () => {
      await Promise.all([web.stop(), agent.stop()]);
      await db.drop();
    },
  };
  try {
    await waitFor('the web app', async () => (await fetch(`${baseUrl}/login`)).ok, 30_000);
    await waitFor('the agent worker to register', () => /registered worker/i.test(agent.output()), 60_000);
  } catch (err) {
    const tail = (p: Proc) => p.output().split('\n').slice(-15).join('\n');
    await stack.stop();
    throw new Error(`${(err as Error).message}\nweb:\n${tail(web)}\nagent:\n${tail(agent)}`);
  }
  return stack;
}

// Runs Parley's images (built by deploy/docker/images) on the host network for the end-to-end
// tests of the production images: through docker-compose with deploy/docker/compose.host.yml,
// and one-off `docker run`s. Settings go in through the environment or an env file (mode 0600,
// removed after), never on a command line.
import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { artifactsDir, repoRoot } from './harness.ts';

const OVERRIDE = 'deploy/docker/compose.host.yml';
/** docker-compose.yml insists on these even for the services not started. */
const PLACEHOLDERS = {
  POSTGRES_PASSWORD: 'unused',
  REDIS_PASSWORD: 'unused',
  MINIO_ROOT_USER: 'unused',
  MINIO_ROOT_PASSWORD: 'unused',
  PARLEY_DOMAIN: 'parley.invalid',
};

const TAG = process.env.PARLEY_IMAGE_TAG ?? 'ci';
export const WEB_IMAGE = `parley-web:${TAG}`;
export const AGENT_IMAGE = `parley-agent:${TAG}`;

export interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a command; never throws for a non-zero exit. */
function exec(
  file: string,
  args: string[],
  timeoutMs: number,
  env: NodeJS.ProcessEnv = process.env,
): Promise<Result> {
  return new Promise((resolve) => {
    execFile(
      file,
      args,
      { timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024, env },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

/** The docker CLI. */
export const docker = (args: string[], timeoutMs = 120_000) => exec('docker', args, timeoutMs);

/**
 * Why the container tests cannot run here, or null when they can: the images step was skipped
 * (PARLEY_SKIP_IMAGES=<reason>), no docker CLI or daemon, or an image is missing.
 */
export function imagesUnavailable(): string | null {
  const skip = process.env.PARLEY_SKIP_IMAGES;
  if (skip) return `the images step was skipped (PARLEY_SKIP_IMAGES=${skip})`;
  const r = spawnSync('docker', ['image', 'inspect', '-f', '{{.Id}}', WEB_IMAGE, AGENT_IMAGE], {
    encoding: 'utf8',
    timeout: 20_000,
  });
  if (r.error) return `no docker CLI (${r.error.message})`;
  if (spawnSync('docker-compose', ['version'], { timeout: 20_000 }).error) {
    return 'no docker-compose on PATH (deploy/docker/images up installs it)';
  }
  if (r.status !== 0) {
    const why = (r.stderr || r.stdout).trim().split('\n')[0] ?? '';
    return `images ${WEB_IMAGE} / ${AGENT_IMAGE} not available (${why}); build them with deploy/docker/images up`;
  }
  return null;
}

/** Size, revision label and creation time of an image, for the test log. */
export async function describeImage(image: string): Promise<string> {
  const r = await docker([
    'image',
    'inspect',
    '-f',
    '{{.Size}} {{index .Config.Labels "org.opencontainers.image.revision"}} {{.Created}}',
    image,
  ]);
  const [size = '0', rev = '?', created = '?'] = r.stdout.trim().split(' ');
  return `${image}: ${Math.round(Number(size) / 1e6)} MB, revision ${rev.slice(0, 10)}, built ${created}`;
}

/** Writes settings to an env file only this user can read; returns it and its remover. */
function envFile(env: Record<string, string>): { path: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'parley-env-'));
  const path = join(dir, 'env');
  const body = Object.entries(env)
    .map(([k, v]) => {
      if (/[\r\n]/.test(v)) throw new Error(`${k}: multi-line values cannot go in an env file`);
      return `${k}=${v}`;
    })
    .join('\n');
  writeFileSync(path, `${body}\n`, { mode: 0o600 });
  return { path, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** `docker run --rm` in the foreground: the exit code and what the container printed. */
export async function runOnce(
  image: string,
  env: Record<string, string>,
  cmd: string[] = [],
  timeoutMs = 60_000,
): Promise<Result> {
  const f = envFile(env);
  try {
    return await docker(
      ['run', '--rm', '--network', 'host', '--env-file', f.path, image, ...cmd],
      timeoutMs,
    );
  } finally {
    f.remove();
  }
}

export interface Container {
  name: string;
  /** stdout + stderr so far. */
  logs: () => Promise<string>;
  /** `.State` of `docker inspect`. */
  state: () => Promise<ContainerState>;
  /** Waits for the image's HEALTHCHECK to report healthy; fails early when the container exits. */
  healthy: (timeoutMs: number) => Promise<void>;
  /** `docker stop -t GRACE`: SIGTERM, SIGKILL after GRACE s. Resolves with the time it took. */
  stop: (graceS: number) => Promise<number>;
}

export interface ContainerState {
  Status: string;
  ExitCode: number;
  Restarting: boolean;
  Health?: { Status: string };
}

function container(name: string): Container {
  const logs = async () => {
    const r = await docker(['logs', name]);
    return r.stdout + r.stderr;
  };
  const state = async () => {
    const r = await docker(['inspect', '-f', '{{json .State}}', name]);
    if (r.code !== 0) throw new Error(`docker inspect ${name}: ${r.stderr.trim()}`);
    return JSON.parse(r.stdout) as ContainerState;
  };
  return {
    name,
    logs,
    state,
    healthy: async (timeoutMs) => {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const s = await state();
        if (s.Health?.Status === 'healthy') return;
        const died = s.Status === 'exited' || s.Restarting;
        if (died || Date.now() > deadline) {
          const tail = (await logs()).split('\n').slice(-15).join('\n');
          const what = died
            ? `exited (${s.ExitCode})`
            : `not healthy after ${timeoutMs} ms (${s.Health?.Status ?? 'no healthcheck'})`;
          throw new Error(`${name} ${what}:\n${tail}`);
        }
        await new Promise((r) => setTimeout(r, 1_000));
      }
    },
    stop: async (graceS) => {
      const t0 = Date.now();
      const r = await docker(['stop', '-t', String(graceS), name], (graceS + 30) * 1000);
      if (r.code !== 0) throw new Error(`docker stop ${name}: ${r.stderr.trim()}`);
      return Date.now() - t0;
    },
  };
}

export interface ComposeStack {
  web: Container;
  agent: Container;
  /** `docker-compose run --rm --no-deps SERVICE CMD…` (the deploy README's one-off commands). */
  run: (service: 'web' | 'agent', cmd: string[]) => Promise<Result>;
  /** Saves each container's logs to test-artifacts/container-SERVICE.log, then `down -v`. */
  down: () => Promise<void>;
}

/**
 * docker-compose.yml's `web` and `agent` with deploy/docker/compose.host.yml over it: the
 * production service definitions (settings, healthchecks, volumes) on the host network. `env`
 * goes to docker-compose's environment, which the two files read.
 */
export async function composeUp(env: Record<string, string>): Promise<ComposeStack> {
  const project = `parley-e2e-${Date.now().toString(36)}`;
  const files = ['-f', `${repoRoot}docker-compose.yml`, '-f', `${repoRoot}${OVERRIDE}`];
  const compose = (args: string[]) =>
    exec('docker-compose', ['-p', project, ...files, ...args], 180_000, {
      ...process.env,
      ...PLACEHOLDERS,
      ...env,
    });
  const stack: ComposeStack = {
    web: container(`${project}-web-1`),
    agent: container(`${project}-agent-1`),
    run: (service, cmd) => compose(['run', '--rm', '--no-deps', service, ...cmd]),
    down: async () => {
      await mkdir(artifactsDir, { recursive: true });
      for (const [service, c] of [
        ['web', stack.web],
        ['agent', stack.agent],
      ] as const) {
        await writeFile(`${artifactsDir}/container-${service}.log`, await c.logs().catch(() => ''));
      }
      await compose(['down', '-v', '--timeout', '5']);
    },
  };
  const up = await compose(['up', '-d', '--no-deps', '--no-build', 'web', 'agent']);
  if (up.code !== 0) {
    await stack.down();
    throw new Error(`docker-compose up failed: ${up.stderr.trim()}`);
  }
  return stack;
}

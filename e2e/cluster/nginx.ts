// Debian's nginx in front of several web replicas and LiveKit nodes, as in production
// (deploy/nginx/parley.conf): `/` to the web app, `/livekit/` to LiveKit (WebSocket upgrade, long
// timeouts). Its config is generated into the cluster's folder; it runs in the foreground as a
// child of the test, on loopback.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { GiveUp, repoRoot, startProcess, waitFor, type Proc } from '@parley/testkit';

export const NGINX_BIN = '/usr/sbin/nginx';

/** Installs Debian's nginx when it is missing (`deploy/dev/multinode install`). */
export function ensureNginx(): void {
  if (existsSync(NGINX_BIN)) return;
  const r = spawnSync('bash', [`${repoRoot}deploy/dev/multinode`, 'install'], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (r.status !== 0 || !existsSync(NGINX_BIN)) {
    throw new Error(`nginx is missing and could not be installed:\n${r.stdout}\n${r.stderr}`);
  }
}

export interface NginxOptions {
  dir: string;
  /** The front door: the web app at `/`, LiveKit at `/livekit/` (for browsers). */
  port: number;
  /**
   * LiveKit alone at `/`, for servers and SDKs that cannot take a path prefix (LiveKit's server
   * SDK resolves `/twirp/…` from the host's root): an internal load balancer.
   */
  livekitPort: number;
  web: number[];
  livekit: number[];
}

const upstream = (name: string, ports: number[], extra: string[] = []) => [
  `  upstream ${name} {`,
  ...ports.map((p) => `    server 127.0.0.1:${p} max_fails=1 fail_timeout=5s;`),
  ...extra.map((l) => `    ${l}`),
  '  }',
];

const proxied = (upstreamUrl: string, readTimeout: string) => [
  `      proxy_pass ${upstreamUrl};`,
  '      proxy_http_version 1.1;',
  '      proxy_set_header Upgrade $http_upgrade;',
  '      proxy_set_header Connection $connection_upgrade;',
  '      proxy_set_header Host $host;',
  '      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;',
  '      proxy_set_header X-Forwarded-Proto $scheme;',
  // A node or replica that refuses the connection: the next one takes the request.
  '      proxy_next_upstream error timeout;',
  '      proxy_connect_timeout 2s;',
  `      proxy_read_timeout ${readTimeout};`,
  `      proxy_send_timeout ${readTimeout};`,
];

/** The whole nginx.conf (main context included: it runs with `-c`, not as the system's nginx). */
export function nginxConfig(o: NginxOptions): string {
  const tmp = (k: string) => `  ${k}_temp_path ${o.dir}/tmp/${k};`;
  return [
    'daemon off;',
    'worker_processes 1;',
    `pid ${o.dir}/nginx.pid;`,
    'error_log stderr warn;',
    'events { worker_connections 1024; }',
    'http {',
    '  access_log off;',
    ...['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map(tmp),
    '  map $http_upgrade $connection_upgrade { default upgrade; "" ""; }',
    ...upstream('parley_web', o.web, ['keepalive 16;']),
    ...upstream('parley_livekit', o.livekit),
    '  server {',
    `    listen 127.0.0.1:${o.port};`,
    '    client_max_body_size 10m;',
    '    location /livekit/ {',
    ...proxied('http://parley_livekit/', '24h'),
    '      proxy_buffering off;',
    '    }',
    '    location / {',
    ...proxied('http://parley_web', '300s'),
    '    }',
    '  }',
    '  server {',
    `    listen 127.0.0.1:${o.livekitPort};`,
    '    location / {',
    ...proxied('http://parley_livekit', '24h'),
    '      proxy_buffering off;',
    '    }',
    '  }',
    '}',
    '',
  ].join('\n');
}

/** Writes the config and runs nginx until `stop`; resolves once it answers on `port`. */
export async function startNginx(o: NginxOptions): Promise<Proc> {
  ensureNginx();
  await mkdir(`${o.dir}/tmp`, { recursive: true });
  // As root, nginx's workers run as nobody: they must reach the folder.
  await chmod(o.dir, 0o755);
  const conf = `${o.dir}/nginx.conf`;
  await writeFile(conf, nginxConfig(o));
  const proc = startProcess('nginx', NGINX_BIN, ['-p', o.dir, '-c', conf], {
    PATH: '/usr/sbin:/usr/bin:/bin',
  });
  await waitFor(
    'nginx',
    async () => {
      if (proc.child.exitCode !== null) throw new GiveUp(`nginx exited:\n${proc.output()}`);
      // The LiveKit port is ours alone (another server may hold the front port: then nginx
      // exits, having bound nothing).
      return (await fetch(`http://127.0.0.1:${o.livekitPort}/`)).status > 0;
    },
    10_000,
    100,
  ).catch(async (err: unknown) => {
    await proc.stop();
    const busy = /Address already in use/.test(proc.output()) ? ' (the port is in use)' : '';
    throw new Error(`nginx did not start on port ${o.port}${busy}:\n${proc.output()}`, {
      cause: err,
    });
  });
  return proc;
}

// The production reverse proxy's access log keeps no secrets: deploy/nginx/parley.conf itself runs
// under Debian's nginx, with only what cannot run here changed mechanically (ports on loopback,
// a self-signed certificate, the upstream host names, the log file, and `http2 on`, which nginx
// 1.22 does not know), and requests that carry secrets go through it: a password reset link, a
// guest link, a team invite, LiveKit's access_token and a presigned recording URL.
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, GiveUp, repoRoot, startProcess, waitFor, type Proc } from '@parley/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NGINX_BIN, ensureNginx } from './cluster/nginx.ts';

let dir: string;
let upstream: Server;
let nginx: Proc | undefined;
let httpsPort: number;

/** The shipped config with what cannot run here replaced (see the file's first comment). */
async function renderedConfig(upstreamPort: number): Promise<string> {
  const conf = await readFile(`${repoRoot}deploy/nginx/parley.conf`, 'utf8');
  httpsPort = await freePort();
  const httpPort = await freePort();
  const up = `127.0.0.1:${upstreamPort}`;
  return conf
    .replaceAll('${PARLEY_DOMAIN}', 'localhost')
    .replaceAll('${PARLEY_FILES_DOMAIN}', 'files.localhost')
    .replace(/^ *listen \[::\]:\d+( ssl)?;\n/gm, '')
    .replaceAll('listen 8080;', `listen 127.0.0.1:${httpPort};`)
    .replaceAll('listen 8443 ssl;', `listen 127.0.0.1:${httpsPort} ssl;`)
    .replace(/^ *http2 on;\n/gm, '')
    .replaceAll('server web:3000;', `server ${up};`)
    .replaceAll('server livekit:7880;', `server ${up};`)
    .replaceAll('http://minio:9000', `http://${up}`)
    .replaceAll('/etc/letsencrypt/live/localhost/fullchain.pem', `${dir}/cert.pem`)
    .replaceAll('/etc/letsencrypt/live/localhost/privkey.pem', `${dir}/key.pem`)
    .replaceAll('/var/log/nginx/access.log', `${dir}/access.log`);
}

/** GET over TLS to the proxy, for `host` (the certificate is our own). */
function get(host: string, path: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: httpsPort,
        path,
        servername: host,
        headers: { host },
        rejectUnauthorized: false,
        timeout: 5_000,
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.end();
  });
}

beforeAll(async () => {
  ensureNginx();
  dir = await mkdtemp(join(tmpdir(), 'parley-nginx-logs-'));
  execFileSync('openssl', [
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-days',
    '1',
    '-subj',
    '/CN=localhost',
    '-keyout',
    `${dir}/key.pem`,
    '-out',
    `${dir}/cert.pem`,
  ]);
  upstream = createServer((_req, res) => res.end('ok'));
  await new Promise<void>((r) => upstream.listen(0, '127.0.0.1', r));
  const address = upstream.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const server = await renderedConfig(port);
  const temps = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'];
  await writeFile(
    `${dir}/nginx.conf`,
    [
      'daemon off;',
      'worker_processes 1;',
      `pid ${dir}/nginx.pid;`,
      'error_log stderr warn;',
      'events { worker_connections 64; }',
      'http {',
      ...temps.map((k) => `  ${k}_temp_path ${dir}/${k};`),
      server,
      '}',
      '',
    ].join('\n'),
  );
  nginx = startProcess('nginx-logs', NGINX_BIN, ['-p', dir, '-c', `${dir}/nginx.conf`], {
    PATH: '/usr/sbin:/usr/bin:/bin',
  });
  await waitFor(
    'nginx with the shipped config',
    async () => {
      if (nginx?.child.exitCode !== null) throw new GiveUp(`nginx exited:\n${nginx?.output()}`);
      return (await get('localhost', '/healthz-probe')) > 0;
    },
    10_000,
    100,
  );
}, 30_000);

afterAll(async () => {
  await nginx?.stop();
  await new Promise((r) => upstream?.close(r));
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('the production access log', () => {
  it('has the pages people open, without the secrets in their links', async () => {
    const secret = 'S3cret';
    const asked: [string, string][] = [
      ['localhost', `/reset/${secret}1?next=x`],
      ['localhost', `/g/${secret}2`],
      ['localhost', `/invite/${secret}3/`],
      ['localhost', `/s/${secret}7/recordings/abc`],
      ['localhost', `/api/shares/${secret}8`],
      ['localhost', `/livekit/rtc?access_token=${secret}4`],
      ['localhost', `/unsubscribe?token=${secret}5`],
      ['files.localhost', `/recordings/a.ogg?X-Amz-Signature=${secret}6`],
      ['localhost', '/meetings/abc'],
    ];
    for (const [host, path] of asked) expect(await get(host, path)).toBe(200);
    const log = await waitFor(
      'the access log lines',
      async () => {
        const text = await readFile(`${dir}/access.log`, 'utf8').catch(() => '');
        return text.split('\n').filter((l) => l.includes('GET /') && !l.includes('healthz'))
          .length >= asked.length
          ? text
          : undefined;
      },
      5_000,
      50,
    );
    expect(log).not.toContain(secret);
    for (const shown of [
      'GET /reset/:token ',
      'GET /g/:token ',
      'GET /invite/:token/ ',
      'GET /s/:token/recordings/abc ',
      'GET /api/shares/:token ',
      'GET /livekit/rtc ',
      'GET /unsubscribe ',
      'GET /recordings/a.ogg ',
      'GET /meetings/abc ',
    ]) {
      expect(log).toContain(shown);
    }
  });
});

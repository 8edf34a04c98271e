import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { repoRoot } from './paths.ts';

/**
 * Tests run against the production build. `./pnpmw test` builds it first; when a test file runs
 * alone and there is no build yet, build it here (with ORIGIN, which adapter-node bakes in).
 */
export function ensureWebBuild(origin: string): void {
  if (existsSync(`${repoRoot}web/build/index.js`)) return;
  const vite = `${repoRoot}web/node_modules/vite/bin/vite.js`;
  const r = spawnSync(process.execPath, [vite, 'build', '--logLevel', 'error'], {
    cwd: `${repoRoot}web`,
    encoding: 'utf8',
    env: { ...process.env, ORIGIN: origin },
  });
  if (r.status !== 0 || !existsSync(`${repoRoot}web/build/index.js`)) {
    throw new Error(`web build failed:\n${r.stdout}\n${r.stderr}`);
  }
}

import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const modulePath = fileURLToPath(new URL('./compile-cache.ts', import.meta.url));
// A process that turns the cache on, then asks a process it starts where its cache is.
const script = `
import { shareCompileCache } from ${JSON.stringify(modulePath)};
import { execFileSync } from 'node:child_process';
const dir = shareCompileCache(process.env);
const child = execFileSync(process.execPath, ['-p', 'require("node:module").getCompileCacheDir()']);
console.log(JSON.stringify({ dir: dir ?? null, child: child.toString().trim() }));
`;

function run(env: Record<string, string>): { dir: string | null; child: string } {
  const { NODE_COMPILE_CACHE: _, NODE_DISABLE_COMPILE_CACHE: __, ...base } = process.env;
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
    env: { ...base, ...env },
  });
  return JSON.parse(out.toString()) as { dir: string | null; child: string };
}

describe('shareCompileCache', () => {
  const dir = mkdtempSync(join(tmpdir(), 'parley-compile-cache-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('gives the processes the worker starts (one per meeting) the same compile cache', () => {
    const r = run({ NODE_COMPILE_CACHE: dir });
    expect(r.dir).toContain(dir);
    expect(r.child).toContain(dir);
  });

  it('turns the cache on for children when nothing set it', () => {
    const r = run({});
    expect(r.dir).toBeTruthy();
    expect(r.child).toContain(r.dir);
  });

  it('leaves it off when NODE_DISABLE_COMPILE_CACHE says so', () => {
    const r = run({ NODE_DISABLE_COMPILE_CACHE: '1' });
    expect(r.dir).toBeNull();
    expect(r.child).toBe('undefined');
  });
});

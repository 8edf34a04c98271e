import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const processes = fileURLToPath(new URL('./processes.ts', import.meta.url));

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Runs a test process that starts a server (here `sleep`) and ends, by `how`, before its
 * teardown stops it; returns the server's pid.
 */
async function orphanOf(how: 'exit' | 'SIGTERM'): Promise<number> {
  const script = `
    import { startProcess } from ${JSON.stringify(processes)};
    const p = startProcess('sleeper', 'sleep', ['30'], process.env);
    console.log(p.child.pid);
    setTimeout(() => ${how === 'exit' ? 'process.exit(1)' : "process.kill(process.pid, 'SIGTERM')"}, 200);
    setTimeout(() => console.log('still running'), 1_000);
  `;
  const out = await new Promise<string>((resolve) => {
    execFile(process.execPath, ['--input-type=module', '-e', script], (_err, stdout) =>
      resolve(stdout),
    );
  });
  // Ended by the signal, as it would have been without the reaper.
  expect(out).not.toContain('still running');
  return Number(out.trim());
}

describe('startProcess', () => {
  it.each(['exit', 'SIGTERM'] as const)(
    'kills what it started when its starter ends (%s)',
    async (how) => {
      const pid = await orphanOf(how);
      expect(pid).toBeGreaterThan(0);
      const deadline = Date.now() + 2_000;
      while (alive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      expect(alive(pid)).toBe(false);
    },
  );
});

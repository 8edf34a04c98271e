import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { commandLine, pidsMatching, TreeCpu } from './cpu.ts';

describe('TreeCpu', () => {
  it('splits the CPU of a tree by process', async () => {
    const marker = `cpu-test-${process.pid}-${Date.now()}`;
    const tree = new TreeCpu(process.pid, 100, { history: true });
    const from = Date.now();
    // A child that spends 400 ms of CPU (however long the machine makes that take), then exits.
    const child = spawn(process.execPath, [
      '-e',
      'while (process.cpuUsage().user < 400_000);',
      marker,
    ]);
    const pid = child.pid ?? 0;
    await new Promise((r) => setTimeout(r, 150));
    expect(pidsMatching(marker)).toEqual([pid]);
    expect(commandLine(pid)).toContain(`${marker}`);
    tree.sample();
    await once(child, 'exit');
    tree.sample();
    const to = Date.now();
    tree.stop();
    expect(commandLine(pid)).toBe('');
    // Counted from the first sample that saw the child (its start-up before that is not).
    const childOnly = tree.between(from + 140, to, (p) => p === pid);
    const none = tree.between(from + 140, to, () => false);
    const all = tree.between(from + 140, to);
    expect(childOnly?.cpuS).toBeGreaterThan(0.2);
    expect(none?.cpuS).toBe(0);
    expect(all?.cpuS).toBeGreaterThanOrEqual(childOnly?.cpuS ?? Infinity);
  });
});

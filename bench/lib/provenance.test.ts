import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { changedFiles, headCommit } from './provenance.ts';

function repo(): string {
  const dir = mkdtempSync(join(tmpdir(), 'parley-provenance-'));
  const git = (...args: string[]) =>
    execFileSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', ...args], {
      cwd: dir,
    });
  git('init', '-q');
  mkdirSync(join(dir, 'bench', 'results'), { recursive: true });
  writeFileSync(join(dir, 'a.ts'), 'one\n');
  writeFileSync(join(dir, 'bench', 'results', 'x.json'), '{}\n');
  git('add', '.');
  git('commit', '-qm', 'start');
  return dir;
}

describe('benchmark provenance', () => {
  it('gives the full commit hash and a clean tree right after a commit', () => {
    const dir = repo();
    expect(headCommit(dir)).toMatch(/^[0-9a-f]{40}$/);
    expect(changedFiles(dir)).toEqual([]);
  });

  it('ignores changes to bench/results/ and sees every other change', () => {
    const dir = repo();
    writeFileSync(join(dir, 'bench', 'results', 'x.json'), '{"new":1}\n');
    writeFileSync(join(dir, 'bench', 'results', 'y.json'), '{}\n');
    expect(changedFiles(dir)).toEqual([]);
    writeFileSync(join(dir, 'a.ts'), 'two\n');
    writeFileSync(join(dir, 'b.ts'), 'new\n');
    expect(changedFiles(dir)).toEqual([' M a.ts', '?? b.ts']);
  });

  it('says when the folder is no git checkout', () => {
    const dir = mkdtempSync(join(tmpdir(), 'parley-provenance-'));
    expect(headCommit(dir)).toBe('unknown');
    expect(changedFiles(dir)).toBeNull();
  });
});

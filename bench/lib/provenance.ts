// Where a benchmark's figures came from: the commit, and whether the tree matched it.
import { execFileSync } from 'node:child_process';

function git(cwd: string, args: string[]): string | null {
  try {
    return execFileSync('git', args, {
      cwd,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
  } catch {
    return null; // not a git checkout
  }
}

/** Full hash of HEAD ('unknown' outside a git checkout). */
export function headCommit(root: string): string {
  return git(root, ['rev-parse', 'HEAD'])?.trim() ?? 'unknown';
}

/**
 * Files changed (staged or not), added or untracked outside bench/results/ — results files are
 * what a run writes, not what it ran (null: not a git checkout).
 */
export function changedFiles(root: string): string[] | null {
  const out = git(root, ['status', '--porcelain', '--', '.', ':(exclude)bench/results']);
  return out === null ? null : out.split('\n').filter(Boolean);
}

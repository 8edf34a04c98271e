import type { Reporter, TestCase, TestModule } from 'vitest/node';

/**
 * Prints one plain closing line, `N passed, N failed, N skipped`, that CI reads
 * whatever the test runner, and lists skipped tests so no skip goes unexplained.
 * A test that did not run because its file failed (a failing `beforeAll`, an import error)
 * counts as failed, not skipped: only tests skipped on purpose count as skipped.
 */
export default class SummaryReporter implements Reporter {
  onTestRunEnd(modules: ReadonlyArray<TestModule>): void {
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    const skippedNames: string[] = [];
    for (const m of modules) {
      for (const t of m.children.allTests()) {
        const state = t.result().state;
        if (state === 'passed') passed++;
        else if (state === 'failed' || notRunBecauseFileFailed(m, t)) failed++;
        else {
          skipped++;
          skippedNames.push(`${m.moduleId.replace(process.cwd() + '/', '')} > ${t.fullName}`);
        }
      }
      if (m.state() === 'failed' && [...m.children.allTests()].length === 0) failed++;
    }
    for (const n of skippedNames) console.log(`skipped: ${n}`);
    console.log(`\n${passed} passed, ${failed} failed, ${skipped} skipped`);
  }
}

/** Not skipped on purpose (`it.skip`, `ctx.skip()` with a note), yet not run: its file failed. */
export function notRunBecauseFileFailed(m: TestModule, t: TestCase): boolean {
  const r = t.result();
  if (m.state() !== 'failed' || t.options.mode !== 'run') return false;
  return r.state === 'pending' || (r.state === 'skipped' && !r.note);
}

import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';

const run = promisify(execFile);
const fixtures = fileURLToPath(new URL('./fixtures/summary-reporter/', import.meta.url));
const vitest = fileURLToPath(new URL('../node_modules/vitest/vitest.mjs', import.meta.url));

it('counts the tests of a failed file as failed, deliberate skips as skipped', async () => {
  const out = await run(process.execPath, [vitest, 'run', '--root', fixtures], {
    cwd: fixtures,
    env: { ...process.env, CI: 'true' },
  }).then(
    (r) => r.stdout,
    (err: { stdout?: string }) => err.stdout ?? '',
  );
  expect(out).toMatch(/^1 passed, 2 failed, 2 skipped$/m);
  expect(out).toContain('skipped: broken-file.fixture.ts > skipped on purpose: counts as skipped');
  expect(out).toContain('skipped: healthy-file.fixture.ts > skips itself with a reason');
}, 60_000);

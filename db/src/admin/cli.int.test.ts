import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { createUser, findUsablePasswordReset } from '../index.ts';
import { useTestDatabase } from '../use-test-database.ts';

const t = useTestDatabase();
const CLI = fileURLToPath(new URL('./cli.ts', import.meta.url));
const run = promisify(execFile);

/** Runs the CLI; resolves with its exit code and output whatever the code. */
async function admin(args: string[], env: Record<string, string>) {
  const { DATABASE_URL: _, ORIGIN: __, ...rest } = process.env;
  try {
    const r = await run(process.execPath, [CLI, ...args], { env: { ...rest, ...env } });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('pnpm admin reset-link', () => {
  it("prints a link the web app accepts, for the account's email only", async () => {
    const u = await createUser(t.db, { email: 'Ops@Example.com', name: 'O', passwordHash: 'x' });
    const env = { DATABASE_URL: t.url, ORIGIN: 'https://parley.example.com/' };
    const ok = await admin(['reset-link', 'ops@example.com'], env);
    expect(ok.code).toBe(0);
    const token = /^https:\/\/parley\.example\.com\/reset\/([A-Za-z0-9_-]{43})$/m.exec(
      ok.stdout,
    )?.[1];
    expect(token).toBeDefined();
    const id = createHash('sha256')
      .update(token ?? '')
      .digest('hex');
    expect(await findUsablePasswordReset(t.db, id)).toMatchObject({ userId: u?.id });

    const unknown = await admin(['reset-link', 'nobody@example.com'], env);
    expect([unknown.code, unknown.stderr.trim()]).toEqual([1, 'admin: no account has that email']);
    const usage = await admin(['reset-link'], env);
    expect([usage.code, usage.stderr.trim()]).toEqual([2, 'usage: pnpm admin reset-link EMAIL']);
    const noOrigin = await admin(['reset-link', 'ops@example.com'], { DATABASE_URL: t.url });
    expect(noOrigin.code).toBe(2);
    expect(noOrigin.stderr).toContain('admin: ORIGIN:');
  }, 30_000);
});

// Starts the real pieces for end-to-end tests: a fresh database, the built web app and an
// agent worker with its own agent name, all against the services `deploy/dev/services` runs.
import {
  startAgentWorker,
  startFakeDeepgram,
  type FakeDeepgramServer,
} from '@parley/agent/testing';
import { createTestDatabase, type TestDatabase } from '@parley/db/testing';
import {
  devEnv,
  ensureWebBuild,
  queuePrefixFor,
  startNode,
  waitFor,
  within,
  type Proc,
} from '@parley/testkit';
import axe from 'axe-core';
import { chromium, type Browser, type Page } from 'playwright-core';

export { artifactsDir, repoRoot, waitFor } from '@parley/testkit';

export interface Stack {
  env: Record<string, string>;
  db: TestDatabase;
  baseUrl: string;
  web: Proc;
  agent: Proc;
  stop: () => Promise<void>;
}

/** A stack whose agent worker is optional. */
export type WebStack = Omit<Stack, 'agent'> & { agent: Proc | undefined };

/**
 * The web app listens on PARLEY_WEB_PORT, where LiveKit sends its webhooks; the agent gets an
 * agent name of its own so no other worker on the machine takes this test's jobs.
 */
export async function startStack(): Promise<Stack> {
  const s = await startWebStack({ agent: true });
  if (!s.agent) throw new Error('agent worker missing');
  return { ...s, agent: s.agent };
}

/**
 * `startStack` with the agent worker optional: tests of meetings with AI off need none (its
 * start costs seconds on a busy machine, and a broken worker should not fail them).
 */
/**
 * Waits until nothing answers at `baseUrl`: the web app of the file before may still be going
 * away on the port every stack uses (the build's origin). A stack started meanwhile would fail
 * to bind while the tests talked to that server, with its database and its rate-limit counters
 * (a full run once met "Too many sign-ups" that way).
 */
export async function waitForFreePort(baseUrl: string, timeoutMs = 60_000): Promise<void> {
  await waitFor(
    `${baseUrl} to be free (another web app holds the port)`,
    async () => !(await fetch(`${baseUrl}/healthz`).catch(() => null)),
    timeoutMs,
    250,
  );
}

export async function startWebStack(opts: {
  agent: boolean;
  /** Settings over the dev ones (e.g. LIVEKIT_URL of a private LiveKit server). */
  env?: Record<string, string>;
}): Promise<WebStack> {
  const base = { ...devEnv(), ...opts.env };
  ensureWebBuild(base.ORIGIN ?? 'http://localhost:3000');
  const db = await createTestDatabase(base.DATABASE_URL ?? '');
  const port = base.PARLEY_WEB_PORT ?? '3000';
  const env = {
    ...base,
    DATABASE_URL: db.url,
    PARLEY_AGENT_NAME: `parley-e2e-${Math.random().toString(36).slice(2, 8)}`,
    // Rate-limit counters of earlier runs (sign-ups from 127.0.0.1) must not carry over.
    RATE_LIMIT_PREFIX: `parley-e2e-${Date.now().toString(36)}`,
    // A queue of this stack's own unless the test names one.
    POSTMEETING_QUEUE_PREFIX: base.POSTMEETING_QUEUE_PREFIX ?? queuePrefixFor(db.url),
    PORT: port,
    HOST: '127.0.0.1',
    // Recording uploads cap themselves (IMPORT_MAX_BYTES) while streaming.
    BODY_SIZE_LIMIT: 'Infinity',
  };
  const baseUrl = `http://localhost:${port}`;
  await waitForFreePort(baseUrl);
  const web = startNode('web', ['web/build/index.js'], env);
  let agent: Proc | undefined;
  try {
    if (opts.agent) agent = await startAgentWorker(env);
    await waitFor('the web app', async () => (await fetch(`${baseUrl}/login`)).ok, 30_000);
    // Another server on the port would answer too: make sure it is ours.
    await new Promise((r) => setTimeout(r, 300));
    if (web.child.exitCode !== null) {
      throw new Error(`the web app exited (is port ${port} in use by another process?)`);
    }
  } catch (err) {
    await Promise.all([web.stop(), agent?.stop()]);
    await db.drop();
    const tail = web.output().split('\n').slice(-15).join('\n');
    throw new Error(`${(err as Error).message}\nweb:\n${tail}`, { cause: err });
  }
  const a = agent;
  return {
    env,
    db,
    baseUrl,
    web,
    agent: a,
    stop: async () => {
      await Promise.all([web.stop(), a?.stop()]);
      await db.drop();
    },
  };
}

/**
 * A teardown step that cannot hold the file for long: waits at most `ms` for `closing` (a
 * browser, a room), logs a hang and goes on, so the web stack after it is stopped in order
 * (room-call's teardown once hung until its 300 s hook timeout). A teardown that never gets
 * there still frees its ports: testkit kills a test's processes when its worker ends.
 */
export async function closeWithin(
  closing: Promise<unknown> | undefined,
  what: string,
  ms = 20_000,
): Promise<void> {
  if (!closing) return;
  await within(closing, ms, what).catch((err: unknown) => {
    console.log(`teardown: ${err instanceof Error ? err.message : String(err)}`);
  });
}

/**
 * Debian's Chromium, headless, with a fake camera and microphone; the microphone plays
 * `micWav` once (`%noloop`) when given, or over and over with `loop`. Never a downloaded browser.
 */
/**
 * The web stack with its agent on STT_PROVIDER=deepgram against a local Deepgram server (the
 * real LiveKit plugin) started with `fake`; `stop` stops both.
 */
export async function startDeepgramStack(
  fake: Parameters<typeof startFakeDeepgram>[0],
): Promise<{ stack: WebStack; fake: FakeDeepgramServer; stop: () => Promise<void> }> {
  const server = await startFakeDeepgram(fake);
  try {
    const stack = await startWebStack({
      agent: true,
      env: {
        STT_PROVIDER: 'deepgram',
        DEEPGRAM_API_KEY: server.apiKey,
        DEEPGRAM_BASE_URL: server.baseUrl,
      },
    });
    return {
      stack,
      fake: server,
      stop: async () => {
        await stack.stop();
        await server.close();
      },
    };
  } catch (err) {
    await server.close();
    throw err;
  }
}

export function launchBrowser(micWav?: string, opts: { loop?: boolean } = {}): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--use-fake-ui-for-media-stream',
      '--use-fake-device-for-media-stream',
      ...(micWav
        ? [`--use-file-for-fake-audio-capture=${micWav}${opts.loop ? '' : '%noloop'}`]
        : []),
    ],
  });
}

/**
 * Signs up through the page and lands on /meetings. Forms are filled only once the page is
 * hydrated (networkidle): hydration resets inputs filled before it, which on a busy machine
 * would submit an empty form.
 */
export async function signUp(
  page: Page,
  baseUrl: string,
  who: { name: string; email: string; password?: string },
): Promise<void> {
  await page.goto(`${baseUrl}/signup`, { waitUntil: 'networkidle' });
  await page.getByLabel('Name').fill(who.name);
  await page.getByLabel('Email').fill(who.email);
  await page.getByLabel('Password').fill(who.password ?? 'correct horse battery');
  await page.getByRole('button', { name: 'Sign up' }).click();
  await page.waitForURL(/\/meetings$/);
  await page.waitForLoadState('networkidle');
}

/** Creates a meeting from the meetings page (signed in) and returns its id, on its page. */
export async function createMeetingFromPage(page: Page, title: string): Promise<string> {
  await page.getByLabel('Title').fill(title);
  await page.getByLabel('Type').selectOption('general');
  await page.getByRole('button', { name: 'Create meeting' }).click();
  await page.waitForURL(/\/meetings\/[0-9a-f-]{36}$/);
  await page.waitForLoadState('networkidle');
  return /\/meetings\/([0-9a-f-]{36})$/.exec(page.url())?.[1] ?? '';
}

/**
 * Passes the room's pre-join step with the default devices ("Join now"). Call after arriving at
 * `/meetings/:id/room` (or reloading it).
 */
export async function enterRoom(page: Page): Promise<void> {
  const join = page.getByTestId('prejoin-join');
  await join.waitFor({ timeout: 30_000 });
  // The button works only once the page is hydrated.
  await page.waitForLoadState('networkidle').catch(() => undefined);
  await join.click();
}

interface AxeResult {
  violations: { id: string; impact: string | null; help: string; nodes: { target: unknown }[] }[];
}

/** Runs axe-core in the page; returns serious and critical violations (WCAG 2 A/AA rules). */
export async function axeScan(page: Page): Promise<AxeResult['violations']> {
  await page.addScriptTag({ content: axe.source });
  // Runs in the page; typed without the DOM library (this file is also compiled for Node).
  const r = await page.evaluate(async () => {
    const w = globalThis as unknown as {
      axe: { run: (ctx: unknown, o: object) => Promise<AxeResult> };
      document: unknown;
    };
    return w.axe.run(w.document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
    });
  });
  return r.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({ ...v, nodes: v.nodes.map((n) => ({ target: n.target })) }));
}

import { listSegments } from '@parley/db';
import { conversation, fixturesDir, wordErrorRate, type Conversation } from '@parley/agent/testing';
import { spawn } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  artifactsDir,
  repoRoot,
  startStack,
  waitFor,
  type Stack,
  closeWithin,
  launchBrowser,
  signUp,
  enterRoom,
} from './harness.ts';

const MIC_LINES = [
  'We should discuss the revenue growth for the next quarter.',
  'The team is planning to hire three new engineers in the spring.',
  'Our largest customer renewed the contract for two more years.',
];
const SIM_LINE = 'What is the monthly churn rate for your largest customers?';

describe('a real meeting, transcribed live, end to end', () => {
  let stack: Stack;
  let browser: Browser;
  let page: Page;
  let mic: Conversation;
  let sim: Conversation;

  beforeAll(async () => {
    // The browser's fake microphone plays this file once; the lead-in silence gives the agent
    // time to join and subscribe before the first sentence.
    mic = await conversation(
      MIC_LINES.map((text, i) => ({ text, voice: 'slt' as const, gapMs: i === 0 ? 6_000 : 1_200 })),
      fixturesDir,
      'e2e-mic',
    );
    sim = await conversation(
      [{ text: SIM_LINE, voice: 'awb', gapMs: 500 }],
      fixturesDir,
      'e2e-sim',
    );
    stack = await startStack();
    browser = await launchBrowser(mic.path);
    page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
  });

  afterAll(async () => {
    await closeWithin(browser?.close(), 'the browser to close');
    await stack?.stop();
  });

  it('signs up, creates a meeting, joins, and sees the live transcript', async () => {
    const email = `e2e-${Date.now()}@example.com`;
    await signUp(page, stack.baseUrl, { name: 'Ada Lovelace', email });

    await page.getByLabel('Title').fill('Quarterly review');
    await page.getByLabel('Type').selectOption('general');
    await page.getByRole('button', { name: 'Create meeting' }).click();
    await page.waitForURL(/\/meetings\/[0-9a-f-]{36}$/);
    await page.waitForLoadState('networkidle');
    const meetingId = /\/meetings\/([0-9a-f-]{36})$/.exec(page.url())?.[1] ?? '';

    await page.getByTestId('join').click();
    await enterRoom(page);
    await expect
      .poll(() => page.getByTestId('connection-state').textContent(), { timeout: 30_000 })
      .toMatch(/connected/i);
    // The AI participant joins the room.
    await page.getByTestId('participant').nth(1).waitFor({ timeout: 30_000 });

    const finalsOf = async (speaker?: string) =>
      page
        .locator(
          `[data-testid="transcript-line"][data-final="true"]${speaker ? `[data-speaker="${speaker}"]` : ''}`,
        )
        .locator('[data-testid="transcript-text"]')
        .allTextContents();

    const user = await stack.db.db
      .selectFrom('users')
      .select('id')
      .where('email', '=', email)
      .executeTakeFirstOrThrow();
    const lastWords =
      MIC_LINES.at(-1)?.split(' ').slice(-2).join(' ').toLowerCase().replace('.', '') ?? '';
    const finals = await waitFor(
      'final transcript lines for the spoken sentences',
      async () => {
        const f = await finalsOf(user.id);
        const all = f.join(' ').toLowerCase();
        return f.length > 0 &&
          (all.includes(lastWords.split(' ')[1] ?? '') ||
            wordErrorRate(MIC_LINES.join(' '), all) <= 0.3)
          ? f
          : null;
      },
      mic.durationMs + 20_000,
      500,
    ).catch(async (err: unknown) => {
      await page.screenshot({ path: `${artifactsDir}/room-failed.png` });
      throw err;
    });
    // Let the last utterance settle.
    await new Promise((r) => setTimeout(r, 2_000));
    const shown = (await finalsOf(user.id)).join(' ');
    const wer = wordErrorRate(MIC_LINES.join(' '), shown);
    console.log(`e2e: ${finals.length} final lines from the browser mic, WER ${wer.toFixed(3)}`);
    expect(wer).toBeLessThanOrEqual(0.3);

    // The database holds the same segments, under this user's identity.
    const rows = await waitFor('segments in the database', async () => {
      const r = await listSegments(stack.db.db, meetingId);
      return r.length >= 1 ? r : null;
    });
    expect(rows.every((r) => r.speaker_identity === user.id)).toBe(true);
    expect(rows.every((r) => r.speaker_name === 'Ada Lovelace')).toBe(true);
    expect(rows.map((r) => r.text).join(' ')).toBe(shown);
    for (const r of rows) expect(r.end_ms).toBeGreaterThan(r.start_ms);

    // A second participant, simulated, shows up as a separate speaker.
    const room = `meeting-${meetingId}`;
    const simProc = spawn(
      process.execPath,
      ['agent/src/cli/main.ts', 'simulate', '--room', room, '--speaker', `sim-bob=${sim.path}`],
      { cwd: repoRoot, env: { ...process.env, ...stack.env }, stdio: 'inherit' },
    );
    const simDone = new Promise<number | null>((r) => simProc.once('exit', r));
    const bobLines = await waitFor(
      'a transcript line from the simulated speaker',
      async () => {
        const f = await finalsOf('sim-bob');
        return f.length > 0 ? f : null;
      },
      45_000,
      300,
    );
    expect(await simDone).toBe(0);
    const bobWer = wordErrorRate(SIM_LINE, bobLines.join(' '));
    console.log(`e2e: simulated speaker WER ${bobWer.toFixed(3)}`);
    expect(bobWer).toBeLessThanOrEqual(0.5);
    const bobRows = (await listSegments(stack.db.db, meetingId)).filter(
      (r) => r.speaker_identity === 'sim-bob',
    );
    expect(bobRows.length).toBeGreaterThan(0);
    // Alice's lines are still hers: speakers never merge.
    expect(await finalsOf(user.id)).toEqual(expect.arrayContaining(finals));

    await mkdir(artifactsDir, { recursive: true });
    await page.screenshot({ path: `${artifactsDir}/room.png`, fullPage: true });
  });
});

// The whole suggestion loop with real parts: a person speaks in the browser (fake mic), the
// real agent transcribes, tracks the checklist and suggests questions; the card shows in the
// room; dismissing it in the browser reaches the agent, which stores who dismissed it; "Catch me
// up" brings this member alone a recap of the meeting so far.
import { conversation, fixturesDir } from '@parley/agent/testing';
import { listSuggestions } from '@parley/db';
import { mkdir } from 'node:fs/promises';
import { type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  artifactsDir,
  startStack,
  waitFor,
  type Stack,
  closeWithin,
  launchBrowser,
  signUp,
  enterRoom,
  axeScan,
} from './harness.ts';

const LINES = [
  'Our founding team has ten years of experience in banking software.',
  'The market for this product is very large.',
  'Our revenue doubled last year.',
];

describe('live suggestions in the browser, end to end', () => {
  let stack: Stack;
  let browser: Browser;

  beforeAll(async () => {
    const mic = await conversation(
      LINES.map((text, i) => ({ text, voice: 'slt' as const, gapMs: i === 0 ? 6_000 : 1_500 })),
      fixturesDir,
      'e2e-suggestions-mic',
    );
    stack = await startStack();
    browser = await launchBrowser(mic.path);
  });

  afterAll(async () => {
    await closeWithin(browser?.close(), 'the browser to close');
    await stack?.stop();
  });

  it('shows suggestion cards from the agent and stores a dismissal from the browser', async () => {
    const page = await (
      await browser.newContext({ viewport: { width: 1280, height: 900 } })
    ).newPage();
    const email = `sugg-${Date.now()}@example.com`;
    await signUp(page, stack.baseUrl, { name: 'Ivy Investor', email });
    await page.getByLabel('Title').fill('Seed screening');
    await page.getByLabel('Type').selectOption('investment_screening');
    await page.getByRole('button', { name: 'Create meeting' }).click();
    await page.waitForURL(/\/meetings\/[0-9a-f-]{36}$/);
    await page.waitForLoadState('networkidle');
    const meetingId = /\/meetings\/([0-9a-f-]{36})$/.exec(page.url())?.[1] ?? '';
    await page.getByTestId('join').click();
    await enterRoom(page);

    const card = page.getByTestId('suggestion-card').first();
    await card.waitFor({ timeout: 60_000 });
    const user = await stack.db.db
      .selectFrom('users')
      .select('id')
      .where('email', '=', email)
      .executeTakeFirstOrThrow();
    // Wait until the spoken items are covered (the revenue line is the last one).
    await waitFor(
      'the checklist to show revenue covered',
      async () =>
        (await page
          .locator('[data-testid="checklist-item"][data-state]:not([data-state="not_discussed"])')
          .count()) >= 2,
      60_000,
      500,
    );
    // A covered item shows what covered it: a quote, the speaker's name and the time.
    const evidence = page
      .locator('[data-testid="checklist-item"]:not([data-state="not_discussed"])')
      .getByTestId('checklist-evidence')
      .first();
    expect(await evidence.locator('q').innerText()).not.toBe('');
    expect(await evidence.locator('cite').innerText()).toMatch(/^Ivy Investor · \d\d:\d\d$/);
    await mkdir(artifactsDir, { recursive: true });
    await page
      .getByTestId('suggestions')
      .screenshot({ path: `${artifactsDir}/suggestion-card.png` });

    const id = (await card.getAttribute('data-id')) ?? '';
    expect(id).not.toBe('');
    await card.getByTestId('suggestion-dismiss').click();
    const stored = await waitFor('the dismissal stored by the agent', async () => {
      const rows = await listSuggestions(stack.db.db, meetingId);
      const row = rows.find((r) => r.id === id);
      return row?.status === 'dismissed' ? row : null;
    });
    expect(stored.status_by).toBe(user.id);
    await expect
      .poll(() =>
        page
          .locator(`[data-testid="suggestion-card"][data-id="${id}"][data-status="active"]`)
          .count(),
      )
      .toBe(0);

    // Catch me up: a recap of what was said so far, from the stored transcript.
    const catchup = page.getByTestId('catchup');
    await catchup.getByTestId('catchup-ask').click();
    const recap = catchup.getByTestId('catchup-recap');
    await recap.waitFor({ timeout: 30_000 });
    const recapText = (await recap.innerText()).replace(/\s+/g, ' ');
    expect(recapText).toMatch(/^Up to \d\d:\d\d · lines picked from what was said /);
    expect(recapText).toContain('speaker (Ivy Investor)');
    expect(recapText).toMatch(/Key points \d\d:\d\d \S+/);
    expect(await catchup.getByTestId('catchup-ask').textContent()).toBe('Again');
    await catchup.screenshot({ path: `${artifactsDir}/catch-me-up.png` });
    expect(await axeScan(page)).toEqual([]);
    // Asked again at once: told to wait; the recap stays.
    await catchup.getByTestId('catchup-ask').click();
    await expect
      .poll(() => catchup.getByTestId('catchup-status').textContent(), { timeout: 15_000 })
      .toMatch(/You just asked\. Ask again in \d+ s\./);
    expect(await recap.count()).toBe(1);
  });
});

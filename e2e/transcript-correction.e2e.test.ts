// Correcting a transcript in the browser: the host fixes a line on the meeting page and search
// finds the corrected word at once (not the old one); in a live room, the host fixes a final
// line and a second participant (a team member) sees the correction without reloading.
import { insertSegments } from '@parley/db';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  artifactsDir,
  enterRoom,
  closeWithin,
  launchBrowser,
  signUp,
  startWebStack,
  type WebStack,
} from './harness.ts';

describe('transcript corrections, in the browser', () => {
  let stack: WebStack;
  let browser: Browser;

  beforeAll(async () => {
    stack = await startWebStack({ agent: false });
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await closeWithin(browser?.close(), 'the browser to close');
    await stack?.stop();
  });

  async function newUser(name: string): Promise<Page> {
    const page = await (
      await browser.newContext({ viewport: { width: 1280, height: 900 } })
    ).newPage();
    page.setDefaultTimeout(30_000);
    page.on('pageerror', (e) => console.log(`browser pageerror: ${e.message}`));
    const email = `${name.toLowerCase()}-${Date.now()}-${Math.random().toString(36).slice(2, 6)}@example.com`;
    await signUp(page, stack.baseUrl, { name, email });
    return page;
  }

  async function post(page: Page, path: string, data: unknown) {
    const r = await page.request.post(`${stack.baseUrl}${path}`, {
      headers: { origin: stack.baseUrl },
      data,
    });
    expect(r.status(), await r.text()).toBeLessThan(300);
    return (await r.json()) as Record<string, unknown>;
  }

  /** A meeting of `host` with two stored lines (as the agent stores them). */
  async function meetingWithLines(host: Page, json: Record<string, unknown> = {}) {
    const body = await post(host, '/api/meetings', {
      title: 'Pricing sync',
      type: 'general',
      aiEnabled: false,
      ...json,
    });
    const id = (body.meeting as { id: string }).id;
    const spoken = new Date(Date.now() - 60_000);
    await insertSegments(
      stack.db.db,
      [
        ['TR_a-1000', 'We will ship the quokka plan in June.', 1000],
        ['TR_a-6000', 'Prices stay the same.', 6000],
      ].map(([segmentId, text, startMs]) => ({
        meeting_id: id,
        segment_id: String(segmentId),
        speaker_identity: 'speaker-a',
        speaker_name: 'Ada',
        track_id: 'TR_a',
        text: String(text),
        start_ms: Number(startMs),
        end_ms: Number(startMs) + 4000,
        spoken_at: spoken,
        language: 'en',
      })),
    );
    return id;
  }

  it('the host fixes a line on the meeting page; search finds the new word at once', async () => {
    const host = await newUser('Hana');
    const id = await meetingWithLines(host);
    await stack.db.db
      .updateTable('meetings')
      .set({ status: 'ended', started_at: new Date(Date.now() - 120_000), ended_at: new Date() })
      .where('id', '=', id)
      .execute();
    await insertSegments(stack.db.db, [
      {
        meeting_id: id,
        segment_id: 'TR_b-11000',
        speaker_identity: 'speaker-b',
        speaker_name: 'Speaker 2',
        track_id: 'TR_b',
        text: 'Sounds good.',
        start_ms: 11_000,
        end_ms: 13_000,
        spoken_at: new Date(),
        language: 'en',
      },
    ]);
    await host.goto(`${stack.baseUrl}/meetings/${id}`, { waitUntil: 'networkidle' });
    // Talk time: Ada's two lines are one turn (1–10 s); the second voice 2 s.
    const talk = host.getByTestId('talk-row');
    expect(await talk.allTextContents()).toEqual([
      expect.stringMatching(/Ada\s*80 % · 0:08 · 1 turn, longest 0:09/),
      expect.stringMatching(/Speaker 2\s*20 % · 0:02 · 1 turn, longest 0:02/),
    ]);
    const second = host.locator('[data-testid="speakers"] li', { hasText: 'Speaker 2' });
    await second.getByTestId('speaker-rename').click();
    await second.getByTestId('speaker-name').fill('Bruno');
    await second.getByTestId('speaker-save').click();
    await expect.poll(() => talk.nth(1).textContent()).toContain('Bruno');
    await host.getByTestId('transcript-editor').screenshot({
      path: `${artifactsDir}/meeting-talk-time.png`,
    });
    const line = host.locator('[data-testid="transcript-line"][data-segment-id="TR_a-1000"]');
    await line.getByTestId('line-edit').click();
    await line.getByTestId('line-text').fill('We will ship the wombat plan in June.');
    await line.getByTestId('line-save').click();
    await expect.poll(() => line.getByTestId('line-body').textContent()).toContain('wombat');
    expect(await line.textContent()).toContain('(edited)');
    // The summary offers a re-run on the corrected transcript.
    expect(await host.getByTestId('rerun').textContent()).toContain('Re-run summary');

    await host.goto(`${stack.baseUrl}/search?q=wombat`, { waitUntil: 'networkidle' });
    await expect.poll(() => host.getByTestId('search-hit').count()).toBe(1);
    await host.goto(`${stack.baseUrl}/search?q=quokka`, { waitUntil: 'networkidle' });
    expect(await host.getByTestId('search-hit').count()).toBe(0);
  });

  it('in a live room the host fixes a final line and a second participant sees it', async () => {
    const host = await newUser('Hugo');
    const member = await newUser('Mira');
    const team = (await post(host, '/api/teams', { name: 'Sales' })).team as { id: string };
    const invite = await post(host, `/api/teams/${team.id}/invites`, { role: 'member' });
    await post(member, '/api/invites/accept', { token: invite.token });
    const id = await meetingWithLines(host, { teamId: team.id });

    for (const p of [host, member]) {
      await p.goto(`${stack.baseUrl}/meetings/${id}/room`);
      await enterRoom(p);
    }
    const seen = member.locator('[data-segment-id="TR_a-6000"] [data-testid="transcript-text"]');
    await expect.poll(() => seen.textContent()).toContain('Prices stay the same.');
    // The room is live once LiveKit's room_started webhook arrives; do not wait on the webhook.
    await stack.db.db
      .updateTable('meetings')
      .set({ status: 'live' })
      .where('id', '=', id)
      .execute();
    // The member may read but not correct.
    expect(await member.getByTestId('correct-toggle').count()).toBe(0);

    const line = host.locator('[data-segment-id="TR_a-6000"]');
    await host.getByTestId('correct-toggle').click();
    await line.getByTestId('fix-line').click();
    await line.getByTestId('fix-text').fill('Prices rise by five percent.');
    await line.getByTestId('fix-save').click();
    await expect.poll(() => seen.textContent(), { timeout: 15_000 }).toContain('five percent');
    expect(await line.getByTestId('transcript-text').textContent()).toContain('five percent');
  });
});

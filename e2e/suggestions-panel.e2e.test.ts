// The suggestions panel against a fake agent: a Node participant (kind agent) publishes
// suggestions and checklist messages to the browser and receives its feedback. The meeting has
// AI off, so the real agent (and its suggestion engine) stays out of the room.
import { Room, RoomEvent, type DataPacketKind, type RemoteParticipant } from '@livekit/rtc-node';
import { AccessToken } from 'livekit-server-sdk';
import { mkdir } from 'node:fs/promises';
import { type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  artifactsDir,
  startStack,
  type Stack,
  closeWithin,
  launchBrowser,
  signUp,
  enterRoom,
} from './harness.ts';

const t0 = Date.now();
const step = (what: string) => {
  console.log(`suggestions-panel e2e +${((Date.now() - t0) / 1000).toFixed(1)}s: ${what}`);
};

/** Polls with a timeout fit for a loaded machine (LiveKit round trips, hydration). */
const poll = <T>(fn: () => T | Promise<T>, opts: { timeout?: number } = {}) =>
  expect.poll(fn, { timeout: 20_000, ...opts });

interface Feedback {
  type: string;
  version: number;
  id: string;
  status: string;
}

const now = Date.now();
const suggestion = (id: string, text: string, priority: string, over: object = {}) => ({
  id,
  text,
  priority,
  reason: `not discussed yet: ${text.split(' ').slice(-1)[0]}`,
  category: 'metrics',
  createdAt: now - 2 * 60_000,
  templateVersion: 'sales/questions@1.0.0',
  status: 'active',
  ...over,
});

const CHURN = 'What is your monthly churn?';
const BUDGET = 'Who owns the budget for this project?';
const SUGGESTIONS = [
  suggestion('s-churn', CHURN, 'critical'),
  suggestion('s-budget', BUDGET, 'important', { category: 'strategy' }),
  suggestion('s-team', 'How many people are on the team today?', 'follow_up', {
    category: 'team',
    createdAt: now - 30_000,
  }),
  suggestion('s-risk', 'What could stop this from shipping on time?', 'important', {
    category: 'risk',
    createdAt: now - 10 * 60_000,
  }),
];
const CHECKLIST = [
  { id: 'churn', title: 'Churn', priority: 'critical', state: 'not_discussed' },
  { id: 'budget', title: 'Budget owner', priority: 'important', state: 'discussed' },
  { id: 'team', title: 'Team size', priority: 'follow_up', state: 'answered' },
  { id: 'timeline', title: 'Timeline', priority: 'important', state: 'asked' },
  { id: 'risks', title: 'Risks', priority: 'critical', state: 'not_discussed' },
];

describe('suggestions panel', () => {
  let stack: Stack;
  let browser: Browser;
  let page: Page;
  let agent: Room | undefined;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    stack = await startStack();
    browser = await launchBrowser();
    page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    page.setDefaultTimeout(30_000);
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning')
        console.log(`browser ${m.type()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => {
      pageErrors.push(e.message);
      console.log(`browser pageerror: ${e.message}`);
    });
    await mkdir(artifactsDir, { recursive: true });
  });

  afterAll(async () => {
    await agent?.disconnect().catch(() => undefined);
    await closeWithin(browser?.close(), 'the browser to close');
    await stack?.stop();
  });

  it('renders the agent’s suggestions and checklist and sends feedback', async () => {
    await run().catch(async (err: unknown) => {
      await page.screenshot({
        path: `${artifactsDir}/suggestions-panel-failed.png`,
        fullPage: true,
      });
      throw err;
    });
  });

  async function run(): Promise<void> {
    step('Sign up and create a meeting with AI off (no real agent).');
    await signUp(page, stack.baseUrl, {
      name: 'Ada Lovelace',
      email: `sugg-${Date.now()}@example.com`,
    });
    const created = await page.evaluate(async () => {
      const r = await fetch('/api/meetings', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ title: 'Discovery call', type: 'general', aiEnabled: false }),
      });
      return { status: r.status, body: (await r.json()) as { meeting?: { id: string } } };
    });
    expect(created.status).toBe(201);
    const meetingId = created.body.meeting?.id ?? '';

    step('Join the room in the browser.');
    await page.goto(`${stack.baseUrl}/meetings/${meetingId}/room`);
    await enterRoom(page);
    await poll(() => page.getByTestId('connection-state').textContent(), {
      timeout: 30_000,
    }).toMatch(/^connected$/i);
    const panel = page.getByTestId('suggestions');
    // AI is off: no panel until an agent sends something.
    expect(await panel.count()).toBe(0);

    step('A fake agent joins from Node.');
    const at = new AccessToken(
      stack.env.LIVEKIT_API_KEY ?? '',
      stack.env.LIVEKIT_API_SECRET ?? '',
      {
        identity: `fake-agent-${Date.now()}`,
        name: 'Fake agent',
        ttl: 600,
      },
    );
    at.kind = 'agent';
    at.addGrant({
      room: `meeting-${meetingId}`,
      roomJoin: true,
      canSubscribe: true,
      canPublish: false,
      canPublishData: true,
    });
    const feedback: Feedback[] = [];
    const room = new Room();
    agent = room;
    room.on(
      RoomEvent.DataReceived,
      (payload: Uint8Array, _p?: RemoteParticipant, _k?: DataPacketKind, topic?: string) => {
        if (topic !== 'parley.suggestion_feedback') return;
        feedback.push(JSON.parse(new TextDecoder().decode(payload)) as Feedback);
      },
    );
    await room.connect(stack.env.LIVEKIT_URL ?? '', await at.toJwt(), {
      autoSubscribe: false,
      dynacast: false,
    });
    await poll(() => page.locator('[data-testid="participant"][data-agent="true"]').count()).toBe(
      1,
    );
    const browserIdentity = [...room.remoteParticipants.values()][0]?.identity ?? '';
    expect(browserIdentity).not.toBe('');

    const send = async (topic: string, message: unknown) => {
      const bytes =
        message instanceof Uint8Array ? message : new TextEncoder().encode(JSON.stringify(message));
      await room.localParticipant?.publishData(bytes, {
        reliable: true,
        topic,
        destination_identities: [browserIdentity],
      });
    };

    step('The agent publishes suggestions and the checklist.');
    await send('parley.suggestions', {
      type: 'parley.suggestions',
      version: 1,
      suggestions: SUGGESTIONS,
    });
    await send('parley.checklist', { type: 'parley.checklist', version: 1, items: CHECKLIST });

    await poll(() => panel.isVisible()).toBe(true);
    expect(await page.getByRole('region', { name: 'Suggested questions' }).count()).toBe(1);
    const cards = page.getByTestId('suggestion-card');
    const shown = () =>
      cards.evaluateAll((els) =>
        els.map((el) => [
          el.getAttribute('data-id'),
          el.getAttribute('data-priority'),
          el.getAttribute('data-status'),
        ]),
      );
    await poll(() => cards.count()).toBe(4);
    // Priority first, newest first within a priority.
    expect(await shown()).toEqual([
      ['s-churn', 'critical', 'active'],
      ['s-budget', 'important', 'active'],
      ['s-risk', 'important', 'active'],
      ['s-team', 'follow_up', 'active'],
    ]);
    const churn = page.locator('[data-testid="suggestion-card"][data-id="s-churn"]');
    await poll(() => churn.textContent()).toContain('Critical');
    const churnText = (await churn.textContent()) ?? '';
    expect(churnText).toContain(CHURN);
    expect(churnText).toContain('not discussed yet: churn?');
    expect(churnText).toContain('Metrics');
    expect(churnText).toContain('2 min ago');
    expect(await page.getByTestId('suggestions-announcement').textContent()).toMatch(
      /4 new suggestions/,
    );

    const items = page.getByTestId('checklist-item');
    await poll(() => items.count()).toBe(5);
    expect(
      await items.evaluateAll((els) =>
        els.map((el) => [el.getAttribute('data-id'), el.getAttribute('data-state')]),
      ),
    ).toEqual([
      ['churn', 'not_discussed'],
      ['risks', 'not_discussed'],
      ['budget', 'discussed'],
      ['timeline', 'asked'],
      ['team', 'answered'],
    ]);
    expect(await page.getByTestId('checklist-progress').textContent()).toContain('3 of 5 covered');

    await panel.screenshot({ path: `${artifactsDir}/suggestions-panel.png` });

    step('Dismiss and Pin send feedback and update the cards at once.');
    await page.getByRole('button', { name: `Dismiss: ${CHURN}` }).click();
    await poll(() => churn.count()).toBe(0);
    await page.getByRole('button', { name: `Pin: ${BUDGET}` }).click();
    await poll(async () => (await shown())[0]).toEqual(['s-budget', 'important', 'pinned']);
    await poll(() => feedback.map((f) => [f.type, f.version, f.id, f.status]), {
      timeout: 15_000,
    }).toEqual([
      ['parley.suggestion_feedback', 1, 's-churn', 'dismissed'],
      ['parley.suggestion_feedback', 1, 's-budget', 'pinned'],
    ]);

    step('The agent answers with the updated list (its copy is the truth).');
    await send('parley.suggestions', {
      type: 'parley.suggestions',
      version: 1,
      suggestions: [
        { ...SUGGESTIONS[0], status: 'dismissed' },
        { ...SUGGESTIONS[1], status: 'pinned' },
        SUGGESTIONS[2],
        { ...SUGGESTIONS[3], status: 'asked' },
      ],
    });
    await poll(() => cards.count()).toBe(2 + 1); // two shown, one in the (closed) asked list
    await poll(async () => (await shown()).map((s) => s[0])).toEqual([
      's-budget',
      's-team',
      's-risk',
    ]);
    expect(await page.getByTestId('suggestions-asked').textContent()).toContain('Asked (1)');

    step('Malformed and unknown packets are ignored.');
    await send('parley.suggestions', new TextEncoder().encode('{not json'));
    await send('parley.suggestions', { type: 'parley.suggestions', version: 2, suggestions: [] });
    await send('parley.checklist', { type: 'parley.checklist', version: 1, items: 'nope' });
    await send('parley.unknown', { type: 'parley.unknown', version: 1 });
    await send('parley.suggestions', new Uint8Array([0xff, 0x00, 0xfe]));
    // A valid message afterwards proves the earlier ones were received and skipped.
    await send('parley.checklist', {
      type: 'parley.checklist',
      version: 1,
      items: CHECKLIST.map((i) => (i.id === 'churn' ? { ...i, state: 'answered' } : i)),
    });
    await poll(() => page.getByTestId('checklist-progress').textContent()).toContain(
      '4 of 5 covered',
    );
    expect((await shown()).map((s) => s[0])).toEqual(['s-budget', 's-team', 's-risk']);
    expect(await page.getByTestId('connection-state').textContent()).toMatch(/^connected$/i);
    expect(pageErrors).toEqual([]);

    step('Keyboard: the actions are reachable and show focus.');
    const asked = page.getByRole('button', { name: /^Asked: How many people/ });
    await asked.focus();
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Tab');
    expect(await asked.evaluate((el) => el === document.activeElement)).toBe(true);
    expect(await asked.evaluate((el) => el.matches(':focus-visible'))).toBe(true);

    step('Phone width: the panel stacks below the transcript.');
    await page.setViewportSize({ width: 390, height: 844 });
    await panel.scrollIntoViewIfNeeded();
    const box = await panel.boundingBox();
    expect(box?.width ?? 0).toBeLessThanOrEqual(390);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
      390,
    );
    await panel.screenshot({ path: `${artifactsDir}/suggestions-panel-390.png` });

    step('Dark colour scheme.');
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.emulateMedia({ colorScheme: 'dark' });
    await panel.screenshot({ path: `${artifactsDir}/suggestions-panel-dark.png` });
    await page.screenshot({ path: `${artifactsDir}/suggestions-room.png` });
  }
});

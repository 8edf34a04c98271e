// The room with two browsers (a host and a guest) and a Node listener: chat round trip with
// markdown and hostile HTML, chat persistence after a reload, the 413/422 chat API answers,
// host force-mute seen by the guest and by LiveKit, noise-gate swaps that keep the microphone
// publication (the listener still gets audio), settings and per-participant volumes restored
// after a reload, an axe-core scan of the pre-join and room pages, screenshots (desktop, 390 px,
// dark), remove and end for all. AI is off: no agent in the room.
import { livekitConfigFromEnv } from '@parley/agent';
import { joinAudioEar, type AudioEar } from '@parley/agent/testing/room';
import { Room } from '@livekit/rtc-node';
import { AccessToken, RoomServiceClient, TrackSource } from 'livekit-server-sdk';
import { mkdir } from 'node:fs/promises';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  artifactsDir,
  axeScan,
  closeWithin,
  enterRoom,
  launchBrowser,
  signUp,
  startWebStack,
  type WebStack,
} from './harness.ts';

const t0 = Date.now();
const step = (what: string) => {
  console.log(`room-call e2e +${((Date.now() - t0) / 1000).toFixed(1)}s: ${what}`);
};
const poll = <T>(fn: () => T | Promise<T>, opts: { timeout?: number } = {}) =>
  expect.poll(fn, { timeout: 20_000, ...opts });

describe('meeting room: chat, moderation, audio settings, access', () => {
  let stack: WebStack;
  let browser: Browser;
  let hostCtx: BrowserContext;
  let guestCtx: BrowserContext;
  let host: Page;
  let guest: Page;
  let listener: AudioEar | undefined;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    stack = await startWebStack({ agent: false });
    browser = await launchBrowser();
    hostCtx = await browser.newContext({ viewport: { width: 1280, height: 860 } });
    guestCtx = await browser.newContext({ viewport: { width: 1100, height: 800 } });
    host = await hostCtx.newPage();
    guest = await guestCtx.newPage();
    for (const [who, p] of [
      ['host', host],
      ['guest', guest],
    ] as const) {
      p.setDefaultTimeout(30_000);
      p.on('dialog', (d) => void d.accept());
      p.on('console', (m) => {
        if (m.type() === 'error') console.log(`${who} browser ${m.type()}: ${m.text()}`);
      });
      p.on('pageerror', (e) => {
        pageErrors.push(e.message);
        console.log(`${who} pageerror: ${e.message}`);
      });
    }
    await mkdir(artifactsDir, { recursive: true });
  });

  afterAll(async () => {
    await closeWithin(listener?.close(), 'the listener to leave');
    await closeWithin(browser?.close(), 'the browser to close');
    await stack?.stop();
  });

  it('runs a call between a host and a guest', async () => {
    await run().catch(async (err: unknown) => {
      await host.screenshot({ path: `${artifactsDir}/room-call-host-failed.png`, fullPage: true });
      await guest.screenshot({
        path: `${artifactsDir}/room-call-guest-failed.png`,
        fullPage: true,
      });
      throw err;
    });
  });

  async function run(): Promise<void> {
    const lk = new RoomServiceClient(
      (stack.env.LIVEKIT_URL ?? '').replace(/^ws/, 'http'),
      stack.env.LIVEKIT_API_KEY ?? '',
      stack.env.LIVEKIT_API_SECRET ?? '',
    );

    step('Host signs up, creates a meeting (AI off) and a guest link.');
    await signUp(host, stack.baseUrl, {
      name: 'Grace Host',
      email: `room-${Date.now()}@example.com`,
    });
    const setup = await host.evaluate(async () => {
      const m = await fetch('/api/meetings', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ title: 'Room review', type: 'general', aiEnabled: false }),
      });
      const meeting = ((await m.json()) as { meeting: { id: string; roomName?: string } }).meeting;
      const g = await fetch(`/api/meetings/${meeting.id}/guest-links`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{}',
      });
      return { meeting, link: ((await g.json()) as { path: string }).path };
    });
    const meetingId = setup.meeting.id;
    const roomName = `meeting-${meetingId}`;

    step('Host opens the room: the pre-join step (axe scan, screenshot).');
    await host.goto(`${stack.baseUrl}/meetings/${meetingId}/room`, { waitUntil: 'networkidle' });
    await host.getByTestId('prejoin').waitFor();
    await host.getByTestId('prejoin-check').click();
    await poll(() => host.getByTestId('level-meter').getAttribute('data-level')).not.toBe('0');
    await host.screenshot({ path: `${artifactsDir}/room-prejoin.png` });
    expect(await axeScan(host)).toEqual([]);

    step('Both join (the guest through the guest link).');
    await host.getByTestId('prejoin-join').click();
    await guest.goto(`${stack.baseUrl}${setup.link}`, { waitUntil: 'networkidle' });
    expect(await axeScan(guest)).toEqual([]);
    await guest.getByLabel('Your name').fill('Gus Guest');
    await guest.getByRole('button', { name: 'Join as a guest' }).click();
    await guest.waitForURL(/\/room$/);
    await enterRoom(guest);
    for (const p of [host, guest]) {
      await poll(() => p.getByTestId('connection-state').textContent(), { timeout: 30_000 }).toBe(
        'connected',
      );
      await poll(() => p.getByTestId('participant').count()).toBe(2);
    }
    const guestIdentity =
      (await host
        .locator('[data-testid="participant"]:not(:has-text("(you)"))')
        .first()
        .getAttribute('data-identity')) ?? '';
    expect(guestIdentity).not.toBe('');
    await poll(() => guest.getByTestId('room').getAttribute('data-mic-on')).toBe('true');
    // The small level meter on the Mute button moves with the (beeping) fake microphone.
    await poll(() => host.locator('[data-testid="mic-mini-meter"] .lit').count()).toBeGreaterThan(
      0,
    );

    step('Chat: markdown rendered, HTML inert, Enter sends, Shift+Enter adds a line.');
    const input = host.getByTestId('chat-input');
    await input.fill(
      'Hello **team** <img src=x onerror="window.__pwned=1"> [site](javascript:alert(1))',
    );
    await input.press('Enter');
    const guestMsgs = guest.getByTestId('chat-message');
    await poll(() => guestMsgs.count()).toBe(1);
    expect(await guestMsgs.first().locator('strong').textContent()).toBe('team');
    expect(await guestMsgs.first().locator('img, a').count()).toBe(0);
    expect(await guestMsgs.first().textContent()).toContain('<img src=x');
    expect(await guest.evaluate(() => (window as { __pwned?: number }).__pwned)).toBeUndefined();
    const gInput = guest.getByTestId('chat-input');
    await gInput.click();
    await gInput.pressSequentially('first line');
    await gInput.press('Shift+Enter');
    await gInput.pressSequentially('second line');
    expect(await gInput.inputValue()).toBe('first line\nsecond line');
    await gInput.press('Enter');
    await poll(() => host.getByTestId('chat-message').count()).toBe(2);
    expect(await host.getByTestId('chat-message').nth(1).innerHTML()).toContain(
      'first line<br>second line',
    );
    // A second message from the host within a minute joins a new group only after the guest's.
    await input.fill('and a *follow-up*');
    await input.press('Enter');
    await poll(() => guest.getByTestId('chat-message').count()).toBe(3);
    expect(await guest.getByTestId('chat-group').count()).toBe(3);
    await input.fill('one more');
    await input.press('Enter');
    await poll(() => guest.getByTestId('chat-message').count()).toBe(4);
    expect(await guest.getByTestId('chat-group').count()).toBe(3);
    // Every message stored (none left sending or failed).
    await poll(() =>
      host.locator('[data-testid="chat-message"]:not([data-status="sent"])').count(),
    ).toBe(0);

    step('Chat collapsed: an unread count shows, and clears when it opens again.');
    await guest.getByTestId('chat-toggle').click();
    expect(await guest.getByTestId('chat-toggle').getAttribute('aria-expanded')).toBe('false');
    await input.fill('are you there?');
    await input.press('Enter');
    await poll(() => guest.getByTestId('chat-unread').textContent()).toContain('1');
    await guest.getByTestId('chat-toggle').click();
    expect(await guest.getByTestId('chat-unread').count()).toBe(0);
    await poll(() => guest.getByTestId('chat-message').count()).toBe(5);

    step('Chat API: too long 413 naming content, empty 422, foreign 404.');
    const api = await host.evaluate(async (id) => {
      const post = async (body: unknown) => {
        const r = await fetch(`/api/meetings/${id}/chat`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });
        return { status: r.status, body: (await r.json()) as { error?: { fields?: object } } };
      };
      return {
        long: await post({ id: crypto.randomUUID(), content: 'x'.repeat(4001) }),
        empty: await post({ id: crypto.randomUUID(), content: '  ' }),
        badId: await post({ id: 'nope', content: 'hi' }),
        unknown: (
          await fetch(`/api/meetings/${crypto.randomUUID()}/chat`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ id: crypto.randomUUID(), content: 'hi' }),
          })
        ).status,
      };
    }, meetingId);
    expect(api.long.status).toBe(413);
    expect(api.long.body.error?.fields).toHaveProperty('content');
    expect(api.empty.status).toBe(422);
    expect(api.empty.body.error?.fields).toHaveProperty('content');
    expect(api.badId.status).toBe(422);
    expect(api.unknown).toBe(404);

    step('A malformed chat packet is ignored (no crash, nothing shown).');
    listener = await joinAudioEar(livekitConfigFromEnv(stack.env), roomName);
    const noisy = new Room();
    const nat = new AccessToken(stack.env.LIVEKIT_API_KEY, stack.env.LIVEKIT_API_SECRET, {
      identity: `noisy-${Date.now()}`,
      ttl: 300,
    });
    nat.addGrant({ room: roomName, roomJoin: true, canPublishData: true, canSubscribe: false });
    await noisy.connect(stack.env.LIVEKIT_URL ?? '', await nat.toJwt(), {
      autoSubscribe: false,
      dynacast: false,
    });
    for (const payload of ['{', '{"type":"poll"}', '{"type":"chat","content":"x"}', 'null']) {
      await noisy.localParticipant?.publishData(new TextEncoder().encode(payload), {
        reliable: true,
        topic: 'parley.chat',
      });
    }
    await new Promise((r) => setTimeout(r, 1000));
    await noisy.disconnect();
    expect(await host.getByTestId('chat-message').count()).toBe(5);
    expect(await host.getByTestId('connection-state').textContent()).toBe('connected');

    step('Noise gate on → the same publication, the listener still gets audio; off again.');
    await poll(() => listener?.loudFrames(guestIdentity) ?? 0, {
      timeout: 30_000,
    }).toBeGreaterThan(0);
    const sidBefore = (await guest.getByTestId('room').getAttribute('data-mic-sid')) ?? '';
    expect(sidBefore).not.toBe('');
    expect(await guest.getByTestId('room').getAttribute('data-mic-pipeline')).toBe('off');
    await guest.getByTestId('settings-open').click();
    await guest.getByTestId('noise-gate').fill('30');
    await poll(() => guest.getByTestId('room').getAttribute('data-mic-pipeline')).toBe('on');
    expect(await guest.getByTestId('room').getAttribute('data-mic-sid')).toBe(sidBefore);
    let before = listener.loudFrames(guestIdentity);
    await poll(() => (listener?.loudFrames(guestIdentity) ?? 0) - before, {
      timeout: 15_000,
    }).toBeGreaterThan(10);
    // Within "on": only the threshold changes (same processor, same publication).
    await guest.getByTestId('noise-gate').fill('45');
    await guest.getByTestId('mic-gain').fill('1.5');
    expect(await guest.getByTestId('room').getAttribute('data-mic-pipeline')).toBe('on');
    await guest.getByTestId('noise-gate').fill('0');
    await guest.getByTestId('mic-gain').fill('1');
    await poll(() => guest.getByTestId('room').getAttribute('data-mic-pipeline')).toBe('off');
    expect(await guest.getByTestId('room').getAttribute('data-mic-sid')).toBe(sidBefore);
    before = listener.loudFrames(guestIdentity);
    await poll(() => (listener?.loudFrames(guestIdentity) ?? 0) - before, {
      timeout: 15_000,
    }).toBeGreaterThan(10);
    const lkGuest = (await lk.listParticipants(roomName)).find((p) => p.identity === guestIdentity);
    expect(lkGuest?.tracks.filter((t) => t.source === TrackSource.MICROPHONE)).toHaveLength(1);

    step('Settings survive a reload: gate, gain, echo cancellation; host’s volume for the guest.');
    await guest.getByTestId('noise-gate').fill('25');
    await guest.getByTestId('mic-gain').fill('1.4');
    await guest.getByTestId('echo-cancellation').uncheck();
    await guest.getByTestId('settings-close').click();
    await host
      .locator(`[data-testid="participant"][data-identity="${guestIdentity}"]`)
      .getByTestId('participant-volume')
      .fill('40');
    await guest.reload({ waitUntil: 'domcontentloaded' });
    await enterRoom(guest);
    await poll(() => guest.getByTestId('connection-state').textContent(), { timeout: 30_000 }).toBe(
      'connected',
    );
    await poll(() => guest.getByTestId('room').getAttribute('data-mic-pipeline'), {
      timeout: 30_000,
    }).toBe('on');
    await guest.getByTestId('settings-open').click();
    expect(await guest.getByTestId('noise-gate').inputValue()).toBe('25');
    expect(await guest.getByTestId('mic-gain').inputValue()).toBe('1.4');
    expect(await guest.getByTestId('echo-cancellation').isChecked()).toBe(false);
    await guest.getByTestId('settings-close').click();
    // Guests get no chat history (like the transcript): only what is said while they are in.
    expect(await guest.getByTestId('chat-message').count()).toBe(0);
    // The guest rejoined with the same identity: the host's volume for them still applies.
    await host.reload({ waitUntil: 'domcontentloaded' });
    await enterRoom(host);
    await poll(() => host.getByTestId('participant').count(), { timeout: 30_000 }).toBe(3);
    // (3 = host, guest and the listener)
    expect(
      await host
        .locator(`[data-testid="participant"][data-identity="${guestIdentity}"]`)
        .getByTestId('participant-volume')
        .inputValue(),
    ).toBe('40');

    step('Chat history after the reload (host) — guests get no history.');
    await poll(() => host.getByTestId('chat-message').count()).toBe(5);
    expect(await host.getByTestId('chat').textContent()).toContain('second line');

    step('Host force-mutes the guest: notice on the guest, muted in LiveKit.');
    await host
      .locator(`[data-testid="participant"][data-identity="${guestIdentity}"]`)
      .getByTestId('participant-mute')
      .click();
    await guest.getByTestId('moderation-notice').waitFor();
    expect(await guest.getByTestId('moderation-notice').textContent()).toMatch(/muted/i);
    // "Mute" is pressed: the guest is muted (and can unmute themselves).
    await poll(() => guest.getByTestId('mic-toggle').getAttribute('aria-pressed')).toBe('true');
    await poll(async () => {
      const ps = await lk.listParticipants(roomName);
      const g = ps.find((p) => p.identity === guestIdentity);
      return g?.tracks.find((t) => t.source === TrackSource.MICROPHONE)?.muted;
    }).toBe(true);
    await poll(() =>
      host
        .locator(`[data-testid="participant"][data-identity="${guestIdentity}"]`)
        .getAttribute('data-muted'),
    ).toBe('true');

    step('Shortcuts: Ctrl+D unmutes and mutes; holding Space talks; Space in the chat types.');
    const guestMicMuted = async () => {
      const ps = await lk.listParticipants(roomName);
      const g = ps.find((p) => p.identity === guestIdentity);
      return g?.tracks.find((t) => t.source === TrackSource.MICROPHONE)?.muted;
    };
    const micOn = () => guest.getByTestId('room').getAttribute('data-mic-on');
    await guest.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await guest.keyboard.press('Control+d');
    await poll(micOn).toBe('true');
    await poll(guestMicMuted).toBe(false);
    await guest.keyboard.press('Control+d');
    await poll(micOn).toBe('false');
    await guest.keyboard.down('Space');
    await poll(micOn).toBe('true');
    await poll(guestMicMuted).toBe(false);
    expect(await guest.getByTestId('push-to-talk').textContent()).toContain('release Space');
    await guest.keyboard.up('Space');
    await poll(micOn).toBe('false');
    await poll(guestMicMuted).toBe(true);
    expect(await guest.getByTestId('push-to-talk').count()).toBe(0);
    await guest.getByTestId('chat-input').fill('');
    await guest.getByTestId('chat-input').press('Space');
    expect(await guest.getByTestId('chat-input').inputValue()).toBe(' ');
    expect(await micOn()).toBe('false');
    await guest.getByTestId('chat-input').fill('');

    step('Raised hand: the guest raises it, the host sees it first in line and lowers it.');
    await guest.getByTestId('hand-toggle').click();
    await poll(() => guest.getByTestId('hand-toggle').getAttribute('aria-pressed')).toBe('true');
    const hostList = host.getByTestId('participant');
    await poll(() => hostList.first().getAttribute('data-identity')).toBe(guestIdentity);
    expect(await hostList.first().getByTestId('participant-hand').textContent()).toContain(
      'Hand raised (1)',
    );
    await poll(() => host.getByTestId('hand-notice').textContent()).toBe(
      'Gus Guest raised their hand.',
    );
    await poll(async () => {
      const ps = await lk.listParticipants(roomName);
      return ps.find((p) => p.identity === guestIdentity)?.attributes['parley.hand'] ?? '';
    }).toMatch(/^\d+$/);
    await host.screenshot({ path: `${artifactsDir}/room-hand-raised.png` });
    await hostList.first().getByTestId('participant-lower-hand').click();
    await poll(() => guest.getByTestId('hand-toggle').textContent()).toBe('Raise hand');
    expect(await host.getByTestId('participant-hand').count()).toBe(0);
    // Ctrl+Alt+H raises and lowers it from the keyboard.
    await guest.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await guest.keyboard.press('Control+Alt+h');
    await poll(() => guest.getByTestId('hand-toggle').getAttribute('aria-pressed')).toBe('true');
    await poll(() => host.getByTestId('participant-hand').count()).toBe(1);
    await guest.keyboard.press('Control+Alt+h');
    await poll(() => host.getByTestId('participant-hand').count()).toBe(0);

    step('Mark moment: the host marks one with a note; Ctrl+Alt+K opens it, Escape cancels.');
    expect(await guest.getByTestId('mark-moment').count()).toBe(0);
    await host.getByTestId('mark-moment').click();
    await host.getByTestId('mark-note').fill('Budget decision');
    await host.getByTestId('mark-note').press('Enter');
    await poll(() => host.getByTestId('mark-status').textContent()).toMatch(
      /^Marked \d\d:\d\d: Budget decision\.$/,
    );
    await host.keyboard.press('Control+Alt+k');
    await poll(() => host.getByTestId('mark-form').count()).toBe(1);
    await poll(() => host.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe(
      'mark-note',
    );
    await host.keyboard.press('Escape');
    await poll(() => host.getByTestId('mark-form').count()).toBe(0);

    step('Camera: the host turns it on, the guest sees the video; off again.');
    await host.getByTestId('camera-toggle').click();
    await poll(() => guest.getByTestId('video-tile').count()).toBe(1);
    expect(await host.getByTestId('camera-toggle').getAttribute('aria-pressed')).toBe('true');
    await host.getByTestId('camera-toggle').click();
    await poll(() => guest.getByTestId('video-tile').count()).toBe(0);

    step('Room page: axe scan, screenshots (desktop, 390 px, dark).');
    expect(await axeScan(host)).toEqual([]);
    await host.screenshot({ path: `${artifactsDir}/room-desktop.png` });
    await host.emulateMedia({ colorScheme: 'dark' });
    expect(await axeScan(host)).toEqual([]);
    await host.screenshot({ path: `${artifactsDir}/room-desktop-dark.png` });
    await host.emulateMedia({ colorScheme: 'light' });
    await host.setViewportSize({ width: 390, height: 844 });
    await host.screenshot({ path: `${artifactsDir}/room-390.png`, fullPage: true });
    expect(await axeScan(host)).toEqual([]);
    await host.setViewportSize({ width: 1280, height: 860 });

    step('Theme switch: auto → light → dark on a light system, panels follow, axe clean.');
    const panelBg = () =>
      host.locator('[data-testid="transcript"]').evaluate((el) => {
        const panel = el.closest('.panel') ?? el;
        return getComputedStyle(panel).backgroundColor;
      });
    const lightBg = await panelBg();
    await host.getByTestId('theme-switch').click();
    await host.getByTestId('theme-switch').click();
    expect(await host.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    expect(await panelBg()).not.toBe(lightBg);
    expect(await axeScan(host)).toEqual([]);
    await host.screenshot({ path: `${artifactsDir}/room-desktop-theme-dark.png` });
    await host.getByTestId('theme-switch').click();
    expect(await host.evaluate(() => document.documentElement.dataset.theme)).toBeUndefined();

    step('Keyboard: the chat box and the call controls are reachable with Tab.');
    await host.getByTestId('chat-input').focus();
    const reached = new Set<string>();
    for (let i = 0; i < 40; i++) {
      await host.keyboard.press('Tab');
      const id = await host.evaluate(() => document.activeElement?.getAttribute('data-testid'));
      if (id) reached.add(id);
    }
    for (const id of ['mic-toggle', 'settings-open', 'leave', 'end-for-all']) {
      expect(reached).toContain(id);
    }

    step('Remove the guest, then end the meeting for all.');
    await host
      .locator(`[data-testid="participant"][data-identity="${guestIdentity}"]`)
      .getByTestId('participant-remove')
      .click();
    await poll(() => guest.getByTestId('moderation-notice').textContent()).toMatch(/removed/i);
    await poll(() => host.getByTestId('participant').count()).toBe(2);
    await host.getByTestId('end-for-all').click();
    await host.waitForURL(new RegExp(`/meetings/${meetingId}$`));
    // The moment marked in the room is on the meeting page, linking to that time.
    const highlight = host.getByTestId('highlight');
    await poll(() => highlight.count()).toBe(1);
    expect(await highlight.textContent()).toContain('Grace Host: Budget decision');
    expect(await highlight.getByRole('link').getAttribute('href')).toMatch(
      new RegExp(`/meetings/${meetingId}\\?t=\\d+$`),
    );
    expect(pageErrors).toEqual([]);
  }

  it('explains a denied microphone and still lets the user listen', async () => {
    // A browser without the fake permission prompt: headless Chromium then refuses the
    // microphone (NotAllowedError), as a user clicking "Block" would.
    const denied = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--use-fake-device-for-media-stream'],
    });
    try {
      const page = await (
        await denied.newContext({ viewport: { width: 390, height: 844 } })
      ).newPage();
      page.setDefaultTimeout(30_000);
      await signUp(page, stack.baseUrl, {
        name: 'Nora NoMic',
        email: `nomic-${Date.now()}@example.com`,
      });
      const meetingId = await page.evaluate(async () => {
        const r = await fetch('/api/meetings', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ title: 'No mic', type: 'general', aiEnabled: false }),
        });
        return ((await r.json()) as { meeting: { id: string } }).meeting.id;
      });
      await page.goto(`${stack.baseUrl}/meetings/${meetingId}/room`, { waitUntil: 'networkidle' });
      await page.getByTestId('prejoin-check').click();
      const error = page.getByTestId('prejoin-mic-error');
      await error.waitFor();
      expect(await error.textContent()).toMatch(/blocked|Allow/i);
      await page.screenshot({
        path: `${artifactsDir}/room-prejoin-denied-390.png`,
        fullPage: true,
      });
      expect(await axeScan(page)).toEqual([]);
      await page.getByTestId('prejoin-listen').click();
      await poll(() => page.getByTestId('connection-state').textContent(), {
        timeout: 30_000,
      }).toBe('connected');
      expect(await page.getByTestId('mic-message').textContent()).toMatch(/listen/i);
      expect(await page.getByTestId('room').getAttribute('data-mic-on')).toBe('false');
      // Chat still works for a listener.
      await page.getByTestId('chat-input').fill('I can only listen today');
      await page.getByTestId('chat-input').press('Enter');
      await poll(() =>
        page.locator('[data-testid="chat-message"][data-status="sent"]').count(),
      ).toBe(1);
    } finally {
      await denied.close();
    }
  });
});

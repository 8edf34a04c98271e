// Reconnect after the LiveKit server restarts, and rejoin on our own after a longer outage. A private livekit-server (its own ports, no
// Redis, config rendered like deploy/dev/services does) serves this test only — the shared dev
// LiveKit is never touched. The browser shows "reconnecting", gets back to "connected" on its
// own (full reconnect, microphone republished) and a fresh listener hears the microphone again.
// When the outage outlasts the SDK's own reconnection (≈ 45 s), the page counts down and rejoins
// with a fresh token, sharing only what was shared before (a muted microphone stays off).
import { insertSegments } from '@parley/db';
import { joinAudioEar } from '@parley/agent/testing/room';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import { type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { devEnv, freePort, freeUdpPort, livekitServerEnv } from '@parley/testkit';
import {
  artifactsDir,
  enterRoom,
  closeWithin,
  launchBrowser,
  signUp,
  startWebStack,
  waitFor,
  type WebStack,
} from './harness.ts';

const LK_BIN = `${homedir()}/.cache/parley/gobin/livekit-server-v1.13.5`;
const t0 = Date.now();
const step = (what: string) => {
  console.log(`room-reconnect e2e +${((Date.now() - t0) / 1000).toFixed(1)}s: ${what}`);
};

interface PrivateLiveKit {
  url: string;
  start: () => Promise<void>;
  kill: () => Promise<void>;
}

/** A livekit-server of this test's own on free ports, startable again on the same ports. */
async function privateLiveKit(key: string, secret: string): Promise<PrivateLiveKit> {
  const [port, tcp, udp] = [await freePort(), await freePort(), await freeUdpPort()];
  const dir = await mkdtemp(`${tmpdir()}/parley-lk-`);
  const conf = `${dir}/livekit.yaml`;
  await writeFile(
    conf,
    [
      `port: ${port}`,
      'bind_addresses:',
      '  - 127.0.0.1',
      'rtc:',
      `  tcp_port: ${tcp}`,
      `  udp_port: ${udp}`,
      '  use_external_ip: false',
      '  node_ip: 127.0.0.1',
      '  enable_loopback_candidate: true',
      '  ips:',
      '    includes:',
      '      - 127.0.0.1/32',
      'keys:',
      `  ${key}: ${secret}`,
      'room:',
      '  empty_timeout: 60',
      '  departure_timeout: 20',
      'logging:',
      '  level: warn',
      '',
    ].join('\n'),
    { mode: 0o600 },
  );
  let child: ChildProcess | undefined;
  const url = `ws://127.0.0.1:${port}`;
  return {
    url,
    start: async () => {
      child = spawn(LK_BIN, ['--config', conf], { stdio: 'ignore', env: livekitServerEnv() });
      await waitFor(
        'the private LiveKit server',
        async () => (await fetch(`http://127.0.0.1:${port}/`).catch(() => null))?.ok === true,
        20_000,
      );
    },
    kill: async () => {
      const c = child;
      child = undefined;
      if (!c || c.exitCode !== null) return;
      const exited = new Promise((r) => c.once('exit', r));
      c.kill('SIGKILL');
      await exited;
    },
  };
}

type LiveKitConfig = Parameters<typeof joinAudioEar>[0];

/** Joins as a listener for `ms` and resolves with the audible frames heard from `identity`. */
async function framesFrom(
  lk: LiveKitConfig,
  roomName: string,
  identity: string,
  ms: number,
): Promise<number> {
  const ear = await joinAudioEar(lk, roomName);
  await new Promise((r) => setTimeout(r, ms));
  await ear.close();
  return ear.loudFrames(identity);
}

describe('room reconnect after a LiveKit restart', () => {
  const env = devEnv();
  const key = env.LIVEKIT_API_KEY ?? '';
  const secret = env.LIVEKIT_API_SECRET ?? '';
  let lk: PrivateLiveKit;
  const lkConf = (): LiveKitConfig => ({ url: lk.url, apiKey: key, apiSecret: secret });
  let stack: WebStack;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    if (!existsSync(LK_BIN)) throw new Error(`livekit-server not found at ${LK_BIN}`);
    lk = await privateLiveKit(key, secret);
    await lk.start();
    stack = await startWebStack({ agent: false, env: { LIVEKIT_URL: lk.url } });
    browser = await launchBrowser();
    page = await (await browser.newContext({ viewport: { width: 1280, height: 860 } })).newPage();
    page.setDefaultTimeout(30_000);
    await mkdir(artifactsDir, { recursive: true });
  });

  afterAll(async () => {
    await closeWithin(browser?.close(), 'the browser to close');
    await stack?.stop();
    await lk?.kill();
  });

  /** Creates a meeting (AI off) and enters its room with the microphone on. */
  async function enterNewMeeting(title: string) {
    const meetingId = await page.evaluate(async (t) => {
      const r = await fetch('/api/meetings', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ title: t, type: 'general', aiEnabled: false }),
      });
      return ((await r.json()) as { meeting: { id: string } }).meeting.id;
    }, title);
    await page.goto(`${stack.baseUrl}/meetings/${meetingId}/room`);
    await enterRoom(page);
    await expect
      .poll(() => page.getByTestId('connection-state').textContent(), { timeout: 30_000 })
      .toBe('connected');
    await expect
      .poll(() => page.getByTestId('room').getAttribute('data-mic-on'), { timeout: 20_000 })
      .toBe('true');
    const me =
      (await page.locator('[data-testid="participant"]').first().getAttribute('data-identity')) ??
      '';
    return { meetingId, roomName: `meeting-${meetingId}`, me };
  }

  /** A final said while the page was away, stored as the agent stores it (no live stream). */
  async function storeLineSaidMeanwhile(meetingId: string, text: string): Promise<void> {
    await insertSegments(stack.db.db, [
      {
        meeting_id: meetingId,
        segment_id: `TR_away-${Date.now()}`,
        speaker_identity: 'speaker-away',
        speaker_name: 'Ada',
        track_id: 'TR_away',
        text,
        start_ms: 3000,
        end_ms: 6000,
        spoken_at: new Date(),
        language: 'en',
      },
    ]);
  }

  it('shows reconnecting, comes back connected and publishes the microphone again', async () => {
    step('Sign up, create a meeting (AI off), join through the private LiveKit.');
    await signUp(page, stack.baseUrl, {
      name: 'Rita Reconnect',
      email: `rc-${Date.now()}@example.com`,
    });
    const { meetingId, roomName, me } = await enterNewMeeting('Restart drill');
    expect(await framesFrom(lkConf(), roomName, me, 3000)).toBeGreaterThan(10);

    step('Kill the private LiveKit server: the page says it is reconnecting.');
    await lk.kill();
    await page.getByTestId('reconnecting').waitFor({ timeout: 20_000 });
    await storeLineSaidMeanwhile(meetingId, 'The walrus invoice went out during the restart.');
    await page.screenshot({ path: `${artifactsDir}/room-reconnecting.png` });

    step('Start it again on the same ports: connected without a click, transcript caught up.');
    await new Promise((r) => setTimeout(r, 2000));
    await lk.start();
    // "Reconnected." shows for a few seconds once LiveKit reports the reconnection.
    await page.getByTestId('reconnected').waitFor({ timeout: 60_000 });
    await page.screenshot({ path: `${artifactsDir}/room-reconnected.png` });
    await expect
      .poll(() => page.getByTestId('connection-state').textContent(), { timeout: 60_000 })
      .toBe('connected');
    expect(await page.getByTestId('connection-lost').count()).toBe(0);
    await page.getByText('walrus invoice went out during').waitFor({ timeout: 10_000 });

    step('The microphone is published again: a new listener hears it.');
    await expect
      .poll(() => framesFrom(lkConf(), roomName, me, 3000), { timeout: 30_000 })
      .toBeGreaterThan(10);
    expect(await page.getByTestId('mic-toggle').getAttribute('aria-pressed')).toBe('false');
  });

  it('rejoins on its own after the SDK gave up, keeping a muted microphone off', async () => {
    const { meetingId, roomName, me } = await enterNewMeeting('Long outage drill');

    step('Mute, then take LiveKit away for longer than the SDK keeps reconnecting.');
    await page.getByTestId('mic-toggle').click();
    await expect
      .poll(() => page.getByTestId('room').getAttribute('data-mic-on'), { timeout: 10_000 })
      .toBe('false');
    await lk.kill();
    const lost = page.getByTestId('connection-lost');
    await lost.waitFor({ timeout: 90_000 });
    step('The SDK gave up: the page counts down to its own rejoin.');
    await page.getByTestId('rejoin-countdown').waitFor({ timeout: 10_000 });
    await page.screenshot({ path: `${artifactsDir}/room-rejoin-countdown.png` });
    await storeLineSaidMeanwhile(meetingId, 'We agreed on the quokka budget while you were away.');
    // The first attempt fails (LiveKit is still down) and the next one is scheduled.
    await expect
      .poll(async () => Number(await lost.getAttribute('data-attempt')), { timeout: 30_000 })
      .toBeGreaterThanOrEqual(2);

    step('LiveKit is back: the page rejoins without a click, mic still off, transcript caught up.');
    await lk.start();
    await expect
      .poll(() => page.getByTestId('connection-state').textContent(), { timeout: 60_000 })
      .toBe('connected');
    expect(await lost.count()).toBe(0);
    // The catch-up runs once the rejoin has published what it publishes: checked after it.
    await page.getByText('quokka budget while you were away').waitFor({ timeout: 10_000 });
    expect(await page.getByTestId('room').getAttribute('data-mic-on')).toBe('false');
    expect(await framesFrom(lkConf(), roomName, me, 2000)).toBe(0);

    step('Unmuting after the rejoin is heard.');
    await page.getByTestId('mic-toggle').click();
    await expect
      .poll(() => framesFrom(lkConf(), roomName, me, 3000), { timeout: 30_000 })
      .toBeGreaterThan(10);
  });
});

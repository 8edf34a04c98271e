// The production images (deploy/docker/*.Dockerfile, built by `deploy/docker/images up`) hold a
// meeting: the web and agent containers run on the host network against the dev services, a
// browser signs up, creates a meeting, joins with the fake microphone and sees its transcript,
// which is stored; ending the meeting gives the post-meeting results (run by the agent
// container's job worker). Then `docker stop` drains each container, and a missing or wrong
// setting stops each image with one line naming the variable.
import { livekitConfigFromEnv, simulate } from '@parley/agent';
import {
  SENTENCES,
  conversation,
  devEnv,
  fixturesDir,
  queuePrefixFor,
  wordErrorRate,
} from '@parley/agent/testing';
import { openMeetingRoom, simulateRoomListener } from '@parley/agent/testing/room';
import { listSegments } from '@parley/db';
import { createTestDatabase, type TestDatabase } from '@parley/db/testing';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { Client as Minio } from 'minio';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AGENT_IMAGE,
  WEB_IMAGE,
  describeImage,
  docker,
  composeUp,
  imagesUnavailable,
  runOnce,
  type ComposeStack,
  type Container,
} from './containers.ts';
import { loginInTwoParts } from '../web/src/lib/server/testing/server.ts';
import {
  artifactsDir,
  enterRoom,
  closeWithin,
  launchBrowser,
  signUp,
  waitFor,
  waitForFreePort,
} from './harness.ts';

const unavailable = imagesUnavailable();
if (unavailable) console.log(`containers e2e: skipped: ${unavailable}`);

const CA_BUNDLE = '/etc/ssl/certs/ca-certificates.crt';
/** The bundle Debian's ca-certificates package writes (in the agent image; web has none). */
const DEBIAN_BUNDLE = '/etc/ssl/certs/ca-certificates.crt';
const pemBlocks = (pem: string) =>
  pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
const run = promisify(execFile);
const MIC_LINES = SENTENCES.slice(0, 3);

describe.skipIf(unavailable !== null)('the production images hold a meeting', () => {
  let db: TestDatabase;
  let stack: ComposeStack;
  let web: Container;
  let agent: Container;
  let browser: Browser | undefined;
  let env: Record<string, string>;
  let baseUrl = '';

  beforeAll(async () => {
    for (const image of [WEB_IMAGE, AGENT_IMAGE]) console.log(await describeImage(image));
    const dev = devEnv();
    db = await createTestDatabase(dev.DATABASE_URL ?? '');
    // the compose file's ports; ORIGIN (baked into the web image) says localhost:3000
    baseUrl = 'http://localhost:3000';
    // (on a shared machine another test's web app may hold the port for a while)
    await waitForFreePort(baseUrl, 180_000);
    env = {
      ...dev,
      DATABASE_URL: db.url,
      PARLEY_AGENT_NAME: `parley-e2e-ctr-${Math.random().toString(36).slice(2, 8)}`,
      POSTMEETING_QUEUE_PREFIX: queuePrefixFor(db.url),
      RATE_LIMIT_PREFIX: `parley-e2e-ctr-${Date.now().toString(36)}`,
      RETENTION_INTERVAL_MINUTES: '0',
      // no LiveKit Egress here: the agent records (through the image's own ffmpeg)
      RECORDING_MODE: 'agent',
      WEB_SHUTDOWN_TIMEOUT: '10',
      AGENT_DRAIN_TIMEOUT_S: '10',
      // the drain's steps (job closing, worker closed) are debug lines; they go to test-artifacts
      LOG_LEVEL: 'debug',
    };
    stack = await composeUp(env);
    ({ web, agent } = stack);
    // the deploy README's migration command (the database is already current: a no-op)
    const migrate = await stack.run('web', ['node', '/app/db/src/cli.ts', 'latest']);
    expect(migrate.code, migrate.stderr).toBe(0);
  });

  const s3 = () => {
    const u = new URL(env.S3_ENDPOINT ?? '');
    return new Minio({
      endPoint: u.hostname,
      port: Number(u.port),
      useSSL: u.protocol === 'https:',
      accessKey: env.S3_ACCESS_KEY ?? '',
      secretKey: env.S3_SECRET_KEY ?? '',
      region: env.S3_REGION,
    });
  };

  afterAll(async () => {
    await closeWithin(browser?.close(), 'the browser to close');
    await stack?.down();
    await db?.drop();
  });

  it('both pass their HEALTHCHECKs, run as uid 1000 and hold no build secret', async () => {
    await Promise.all([web.healthy(90_000), agent.healthy(90_000)]);
    // The CAs this machine trusts beyond Debian's (the TLS-inspecting proxy's): the builds had
    // them as a secret; no file of either image may hold one.
    const own = new Set(
      pemBlocks((await docker(['exec', agent.name, 'cat', DEBIAN_BUNDLE])).stdout),
    );
    expect(own.size).toBeGreaterThan(100);
    const extra = pemBlocks(readFileSync(CA_BUNDLE, 'utf8')).filter((b) => !own.has(b));
    console.log(`containers e2e: ${extra.length} CA(s) of the build machine looked for`);
    for (const c of [web, agent]) {
      expect((await docker(['exec', c.name, 'id', '-u'])).stdout.trim()).toBe('1000');
      const cfg = await docker(['inspect', '-f', '{{.Config.User}} {{json .Config.Env}}', c.name]);
      expect(cfg.stdout).toMatch(/^node /);
      expect(cfg.stdout).not.toMatch(/NODE_EXTRA_CA_CERTS|npm_config_cafile/i);
      expect((await docker(['exec', c.name, 'ls', '/run/secrets'])).code).not.toBe(0);
      for (const pem of extra) {
        const line = pem.split('\n')[3] ?? ''; // 64 characters of base64 from inside the certificate
        const found = await docker(
          [
            ...['exec', '-u', '0', c.name], // root: files only root may read too
            'grep',
            '-rlF',
            ...['--exclude-dir=proc', '--exclude-dir=sys'],
            line,
            '/',
          ],
          120_000,
        );
        expect(found.stdout, `${c.name} holds a build-machine CA`).toBe('');
      }
    }
  });

  it('a meeting: sign up, create, join, transcript shown and stored, results after it ends', async () => {
    // The fake microphone plays once from the moment the page joins: the lead-in silence gives
    // the agent's job time to start and subscribe (longer than meeting.e2e's 6 s: seconds on a
    // busy 2-core machine).
    const mic = await conversation(
      MIC_LINES.map((text, i) => ({
        text,
        voice: 'slt' as const,
        gapMs: i === 0 ? 10_000 : 1_200,
      })),
      fixturesDir,
      'containers-mic',
    );
    browser = await launchBrowser(mic.path);
    const page = await (
      await browser.newContext({ viewport: { width: 1280, height: 800 } })
    ).newPage();
    page.setDefaultTimeout(30_000);
    page.on('dialog', (d) => void d.accept());
    const email = `ctr-${Date.now()}@example.com`;
    await signUp(page, baseUrl, { name: 'Ada Lovelace', email });
    await page.getByLabel('Title').fill('Container review');
    await page.getByLabel('Type').selectOption('general');
    await page.getByRole('button', { name: 'Create meeting' }).click();
    await page.waitForURL(/\/meetings\/[0-9a-f-]{36}$/);
    await page.waitForLoadState('networkidle');
    const meetingId = /\/meetings\/([0-9a-f-]{36})$/.exec(page.url())?.[1] ?? '';
    // the host allows recording (as the meeting page's switch does)
    await db.db
      .updateTable('meetings')
      .set({ recording_allowed: true })
      .where('id', '=', meetingId)
      .execute();
    await page.getByTestId('join').click();
    await enterRoom(page);
    await page.getByTestId('participant').nth(1).waitFor(); // the AI participant

    const user = await db.db
      .selectFrom('users')
      .select('id')
      .where('email', '=', email)
      .executeTakeFirstOrThrow();
    const finals = () =>
      page
        .locator(`[data-testid="transcript-line"][data-final="true"][data-speaker="${user.id}"]`)
        .locator('[data-testid="transcript-text"]')
        .allTextContents();
    const spoken = MIC_LINES.join(' ');
    await waitFor(
      'the spoken sentences in the transcript',
      async () => wordErrorRate(spoken, (await finals()).join(' ').toLowerCase()) <= 0.3,
      mic.durationMs + 30_000,
      500,
    ).catch(async (err: unknown) => {
      await page.screenshot({ path: `${artifactsDir}/containers-room-failed.png` });
      throw err;
    });
    await new Promise((r) => setTimeout(r, 2_000)); // the last line settles
    const shown = (await finals()).join(' ');
    const wer = wordErrorRate(spoken, shown);
    console.log(`containers e2e: WER ${wer.toFixed(3)} of the browser microphone`);
    expect(wer).toBeLessThanOrEqual(0.3);
    const rows = await listSegments(db.db, meetingId);
    expect(rows.map((r) => r.text).join(' ')).toBe(shown);
    expect(rows.every((r) => r.speaker_identity === user.id)).toBe(true);

    await page.getByTestId('end-for-all').click();
    await page.waitForURL(new RegExp(`/meetings/${meetingId}$`));
    await expect
      .poll(
        async () => {
          await page.reload({ waitUntil: 'networkidle' });
          return page.getByTestId('postmeeting-status').getAttribute('data-status');
        },
        { timeout: 90_000, interval: 3_000 },
      )
      .toBe('done');
    expect((await page.getByTestId('summary-overview').textContent())?.trim()).toBeTruthy();
    await page.screenshot({ path: `${artifactsDir}/containers-after-meeting.png`, fullPage: true });

    // the agent's recording, encoded by the image's ffmpeg: a complete Ogg/Opus file in MinIO
    const rec = await waitFor('the completed recording', async () => {
      const r = await db.db
        .selectFrom('recordings')
        .selectAll()
        .where('meeting_id', '=', meetingId)
        .executeTakeFirst();
      if (r?.status === 'failed') throw new Error(`recording failed: ${r.error}`);
      return r?.status === 'completed' ? r : null;
    });
    const file = `${artifactsDir}/containers-recording.ogg`;
    await s3().fGetObject(env.S3_BUCKET ?? '', rec.object_key, file);
    const probe = await run('ffprobe', [
      ...['-v', 'error', '-show_entries', 'format=format_name,duration:stream=codec_name'],
      ...['-of', 'json', file],
    ]);
    const info = JSON.parse(probe.stdout) as {
      format: { format_name: string; duration: string };
      streams: { codec_name: string }[];
    };
    console.log(`containers e2e: recording ${rec.size_bytes} bytes, ${info.format.duration} s`);
    expect(info.format.format_name).toBe('ogg');
    expect(info.streams.map((x) => x.codec_name)).toEqual(['opus']);
    expect(Number(info.format.duration) * 1000).toBeGreaterThan(mic.durationMs * 0.5);
  });

  it('docker stop drains the agent: the meeting goes on, then its segments are stored', async () => {
    const lk = livekitConfigFromEnv(env);
    const talk = await conversation(
      SENTENCES.slice(3, 9).map((text, i) => ({
        text,
        voice: 'slt' as const,
        gapMs: i === 0 ? 1_000 : 1_500,
      })),
      fixturesDir,
      'containers-drain',
    );
    await agent.healthy(90_000);
    const meeting = await openMeetingRoom(db.db, lk, env.PARLEY_AGENT_NAME ?? '');
    const listener = await simulateRoomListener(lk, meeting.room_name);
    await listener.waitForAgent(30_000);
    // Stop once the agent is transcribing (its first line arrived), with most of the talk to come.
    const talking = simulate({
      livekit: lk,
      room: meeting.room_name,
      speakers: [{ identity: 'ann', file: talk.path }],
      tailMs: 2_000,
    });
    await waitFor('the first transcript line', () => listener.finals.length > 0, 30_000, 100);
    const stopAt = Date.now();
    const stopped = agent.stop(60);
    await talking;
    const tookMs = await stopped;
    const state = await agent.state();
    const logs = await agent.logs();
    console.log(`containers e2e: agent drained and exited ${state.ExitCode} in ${tookMs} ms`);
    // LiveKit Agents ends a drained worker with exit(143); 137 would be docker's SIGKILL
    expect([0, 143], logs.split('\n').slice(-10).join('\n')).toContain(state.ExitCode);
    expect(tookMs).toBeLessThan(60_000);
    expect(logs).toContain('draining worker');
    // transcribed during the drain, and every published line is in the database
    expect(listener.finals.some((f) => f.receivedAt > stopAt)).toBe(true);
    const stored = new Set((await listSegments(db.db, meeting.id)).map((r) => r.segment_id));
    const missing = listener.finals.filter((f) => !stored.has(f.segmentId));
    expect(missing, 'published lines not stored').toEqual([]);
    await listener.close();
  });

  it('docker stop lets the web app finish a request in flight; exit 0', async () => {
    let stopped: Promise<number> | undefined;
    const done = await loginInTwoParts(
      'http://127.0.0.1:3000/api/auth/login',
      baseUrl,
      () => {
        stopped = web.stop(30);
      },
      1_500,
    );
    expect(done.status, done.text).toBe(401);
    const tookMs = await (stopped ?? Promise.reject(new Error('docker stop never ran')));
    const state = await web.state();
    console.log(
      `containers e2e: web finished its request and exited ${state.ExitCode} in ${tookMs} ms`,
    );
    expect(state.ExitCode).toBe(0);
    expect(tookMs).toBeLessThan(30_000);
    expect(await web.logs()).toContain('shutdown requested');
  });
});

describe.skipIf(unavailable !== null)('a missing or wrong setting stops each image', () => {
  const dev = unavailable ? {} : devEnv();
  const cases: [string, string, Record<string, string>, string][] = [
    ['web', WEB_IMAGE, {}, 'DATABASE_URL'],
    ['web', WEB_IMAGE, { ...dev, REDIS_URL: 'http://127.0.0.1:1' }, 'REDIS_URL'],
    ['agent', AGENT_IMAGE, {}, 'LIVEKIT_URL'],
    ['agent', AGENT_IMAGE, { ...dev, AGENT_MAX_JOBS: 'lots' }, 'AGENT_MAX_JOBS'],
  ];
  it.each(cases)(
    '%s (%#): one line naming the variable, non-zero exit',
    async (_, image, env, name) => {
      const r = await runOnce(image, env, [], 60_000);
      const lines = (r.stdout + r.stderr).split('\n').filter((l) => l.trim() !== '');
      console.log(`containers e2e: ${image} → exit ${r.code}: ${lines.join(' | ')}`);
      expect(r.code).not.toBe(0);
      expect(lines).toHaveLength(1);
      expect(lines[0]).toContain(name);
    },
  );
});

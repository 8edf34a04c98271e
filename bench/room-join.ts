// Room join: from clicking "Join now" on the pre-join step to (a) the local microphone track
// published and (b) the first remote audio received (receiver bytes > 0) from a simulated
// speaker already in the room; median over 10 joins of the production build in Debian
// Chromium (fake devices) against the dev LiveKit on loopback. Also the JavaScript the room page
// loads (every /_app/*.js the browser fetched through pre-join and join, gzip level 9 sizes of
// the built files).
//   pnpm bench room-join [--joins 10]
import {
  AudioFrame,
  AudioSource,
  LocalAudioTrack,
  Room,
  TrackPublishOptions,
  TrackSource,
} from '@livekit/rtc-node';
import { AccessToken } from 'livekit-server-sdk';
import { readFile } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';
import { repoRoot } from '@parley/agent/testing';
import { enterRoom, launchBrowser, signUp, startWebStack } from '../e2e/harness.ts';
import { benchArgs } from './lib/args.ts';
import type { Benchmark } from './lib/run.ts';
import { quantile, round } from './lib/stats.ts';

const RATE = 48000;
const FRAME = 480; // 10 ms

/** A participant that plays a continuous quiet tone into the room. */
async function startSpeaker(env: Record<string, string>, roomName: string) {
  const at = new AccessToken(env.LIVEKIT_API_KEY, env.LIVEKIT_API_SECRET, {
    identity: `bench-speaker-${Date.now()}`,
    name: 'Bench speaker',
    ttl: 3600,
  });
  at.addGrant({ room: roomName, roomJoin: true, canPublish: true, canSubscribe: false });
  const room = new Room();
  await room.connect(env.LIVEKIT_URL ?? '', await at.toJwt(), {
    autoSubscribe: false,
    dynacast: false,
  });
  const source = new AudioSource(RATE, 1, 200);
  const track = LocalAudioTrack.createAudioTrack('microphone', source);
  const opts = new TrackPublishOptions();
  opts.source = TrackSource.SOURCE_MICROPHONE;
  await room.localParticipant?.publishTrack(track, opts);
  let stop = false;
  let phase = 0;
  const loop = (async () => {
    const chunk = new Int16Array(FRAME * 10);
    while (!stop) {
      for (let i = 0; i < chunk.length; i++) {
        chunk[i] = Math.round(3000 * Math.sin(phase));
        phase += (2 * Math.PI * 440) / RATE;
      }
      await source.captureFrame(new AudioFrame(chunk, RATE, 1, chunk.length));
    }
  })();
  return {
    stop: async () => {
      stop = true;
      await loop.catch(() => undefined);
      await track.close();
      await room.disconnect();
    },
  };
}

const bench: Benchmark = {
  async run(args, log) {
    const values = benchArgs(args, { joins: { type: 'string', default: '10' } });
    const joins = Number(values.joins);
    log('starting the web app (production build); AI off, no agent');
    const stack = await startWebStack({ agent: false });
    const browser = await launchBrowser();
    let speaker: Awaited<ReturnType<typeof startSpeaker>> | undefined;
    try {
      const ctx = await browser.newContext({ viewport: { width: 1280, height: 860 } });
      const page = await ctx.newPage();
      page.setDefaultTimeout(30_000);
      await signUp(page, stack.baseUrl, {
        name: 'Bench Host',
        email: `bench-${Date.now()}@example.com`,
      });
      const meetingId = await page.evaluate(async () => {
        const r = await fetch('/api/meetings', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ title: 'Join bench', type: 'general', aiEnabled: false }),
        });
        return ((await r.json()) as { meeting: { id: string } }).meeting.id;
      });
      speaker = await startSpeaker(stack.env, `meeting-${meetingId}`);
      const roomUrl = `${stack.baseUrl}/meetings/${meetingId}/room`;

      const publishMs: number[] = [];
      const audioMs: number[] = [];
      let jsFiles = new Set<string>();
      // One warm-up join (first compile of the pages, first LiveKit room use), then the runs.
      for (let i = 0; i <= joins; i++) {
        await page.goto(roomUrl, { waitUntil: 'networkidle' });
        await enterRoom(page);
        const marks = await page.waitForFunction(
          () => {
            const t = (n: string) => performance.getEntriesByName(n)[0]?.startTime;
            const join = t('parley:join');
            const pub = t('parley:mic-published');
            const audio = t('parley:first-remote-audio');
            return join !== undefined && pub !== undefined && audio !== undefined
              ? { publish: pub - join, audio: audio - join }
              : null;
          },
          undefined,
          { timeout: 30_000, polling: 10 },
        );
        const m = await marks.jsonValue();
        if (!m) throw new Error('no marks');
        if (i === 0) {
          const names = await page.evaluate(() =>
            performance.getEntriesByType('resource').map((e) => new URL(e.name).pathname),
          );
          jsFiles = new Set(names.filter((n) => n.startsWith('/_app/') && n.endsWith('.js')));
          log(`warm-up: publish ${round(m.publish)} ms, first audio ${round(m.audio)} ms`);
        } else {
          publishMs.push(m.publish);
          audioMs.push(m.audio);
          log(
            `join ${i}/${joins}: publish ${round(m.publish)} ms, first audio ${round(m.audio)} ms`,
          );
        }
        await page.getByTestId('leave').click();
        await page.waitForURL(/\/meetings\/[0-9a-f-]{36}$/);
      }

      let gzipBytes = 0;
      let rawBytes = 0;
      for (const f of jsFiles) {
        const data = await readFile(`${repoRoot}web/build/client${f}`);
        rawBytes += data.length;
        gzipBytes += gzipSync(data, { level: 9 }).length;
      }
      log(
        `room page JS: ${jsFiles.size} files, ${round(rawBytes / 1024)} KB raw, ${round(gzipBytes / 1024)} KB gzip`,
      );
      const bar = (v: number, max: number) => '█'.repeat(Math.max(1, Math.round((v / max) * 40)));
      const max = Math.max(...audioMs, ...publishMs);
      for (const [k, v] of publishMs.entries()) {
        log(`#${String(k + 1).padStart(2)} publish ${bar(v, max)} ${round(v)} ms`);
        log(`    audio   ${bar(audioMs[k] ?? 0, max)} ${round(audioMs[k] ?? 0)} ms`);
      }
      return {
        join_to_publish_median_ms: round(quantile(publishMs, 0.5)),
        join_to_publish_p90_ms: round(quantile(publishMs, 0.9)),
        join_to_first_audio_median_ms: round(quantile(audioMs, 0.5)),
        join_to_first_audio_p90_ms: round(quantile(audioMs, 0.9)),
        room_js_gzip_kb: round(gzipBytes / 1024),
        room_js_raw_kb: round(rawBytes / 1024),
        room_js_files: jsFiles.size,
        joins,
      };
    } finally {
      await speaker?.stop().catch(() => undefined);
      await browser.close();
      await stack.stop();
    }
  },
};

export default bench;

import { execFile, spawn } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { speakerToken } from './link.ts';
import type { SimulateOptions, SpeakerResult } from './types.ts';

const run = promisify(execFile);
const TOOL_DIR = fileURLToPath(new URL('../../tools/opus-publisher/', import.meta.url));
const CACHE_DIR = join(homedir(), '.cache', 'parley');
const BIN_DIR = join(CACHE_DIR, 'gobin');

/** Go on PATH, in /usr/local/go, or the toolchain `services up` fetched into the cache. */
async function goBinary(): Promise<string> {
  const cached = existsSync(CACHE_DIR)
    ? (await readdir(CACHE_DIR))
        .filter((d) => /^go-\d/.test(d))
        .map((d) => join(CACHE_DIR, d, 'bin', 'go'))
    : [];
  for (const candidate of ['go', '/usr/local/go/bin/go', ...cached]) {
    try {
      await run(candidate, ['version']);
      return candidate;
    } catch {
      // next
    }
  }
  throw new Error(
    'the Opus publisher needs Go to be built (on PATH, in /usr/local/go, or fetched by `./pnpmw services up`)',
  );
}

let building: Promise<string> | null = null;

/**
 * Builds agent/tools/opus-publisher (once per version of its source; the binary is kept in
 * ~/.cache/parley/gobin) and returns its path.
 */
export function ensureOpusPublisher(): Promise<string> {
  building ??= buildOpusPublisher().catch((err: unknown) => {
    building = null;
    throw err;
  });
  return building;
}

async function buildOpusPublisher(): Promise<string> {
  const files = (await readdir(TOOL_DIR)).filter((f) => /\.(go|mod|sum)$/.test(f)).sort();
  const hash = createHash('sha256');
  for (const f of files) hash.update(f).update(await readFile(join(TOOL_DIR, f)));
  const bin = join(BIN_DIR, `opus-publisher-${hash.digest('hex').slice(0, 12)}`);
  if (existsSync(bin)) return bin;
  await mkdir(BIN_DIR, { recursive: true });
  const tmp = `${bin}.${process.pid}.${randomUUID()}.tmp`;
  await run(await goBinary(), ['build', '-trimpath', '-o', tmp, '.'], {
    cwd: TOOL_DIR,
    maxBuffer: 16 * 2 ** 20,
  });
  await rename(tmp, bin);
  return bin;
}

/** 48 kHz mono, 48 kb/s, 20 ms packets: a browser's speech (at 32 kb/s pocketsphinx suffers). */
const OPUS_ARGS = [
  ...['-ac', '1', '-ar', '48000', '-c:a', 'libopus', '-b:a', '48k'],
  ...['-application', 'voip', '-frame_duration', '20'],
];

const encoding = new Map<string, Promise<string>>();

/** The Ogg/Opus version of a WAV file (made once with ffmpeg, kept beside it). */
export function toOggOpus(wavFile: string): Promise<string> {
  let p = encoding.get(wavFile);
  if (!p) {
    p = encodeOggOpus(wavFile);
    encoding.set(wavFile, p);
    p.catch(() => encoding.delete(wavFile));
  }
  return p;
}

async function encodeOggOpus(wavFile: string): Promise<string> {
  const key = createHash('sha256')
    .update(OPUS_ARGS.join(' '))
    .update(await readFile(wavFile))
    .digest('hex')
    .slice(0, 12);
  const out = join(dirname(wavFile), `.opus-${key}.ogg`);
  if (existsSync(out)) return out;
  const tmp = `${out}.${process.pid}.${randomUUID()}.tmp.ogg`;
  try {
    await run('ffmpeg', [
      ...['-hide_banner', '-loglevel', 'error', '-y', '-i', wavFile],
      ...OPUS_ARGS,
      ...['-f', 'ogg', tmp],
    ]);
    await rename(tmp, out);
  } finally {
    await rm(tmp, { force: true });
  }
  return out;
}

interface PublisherEvent {
  type: 'joined' | 'finished' | 'error';
  identity?: string;
  startedAt?: number;
  durationMs?: number;
  lateMs?: number;
  droppedFrames?: number;
  error?: string;
}

/**
 * Joins a LiveKit room as one participant per WAV file and plays each as that participant's
 * microphone in real time, all starting together; then leaves. The files are encoded to Opus
 * beforehand and their packets sent as they are (agent/tools/opus-publisher, Go + Pion), so
 * the machine running it spends almost nothing per speaker: a load generator that lets the
 * system under test have the CPU.
 */
export async function simulateOpus(o: SimulateOptions): Promise<SpeakerResult[]> {
  const log = o.log ?? (() => {});
  const [bin, files] = await Promise.all([
    ensureOpusPublisher(),
    Promise.all(o.speakers.map((s) => toOggOpus(s.file))),
  ]);
  const speakers = await Promise.all(
    o.speakers.map(async (s, i) => ({
      identity: s.identity,
      token: await speakerToken(o.livekit, o.room, s),
      file: files[i],
    })),
  );
  const host = new URL(o.livekit.url).hostname;
  const loopback = host === 'localhost' || host.startsWith('127.') || host === '[::1]';
  const child = spawn(bin, [], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const waiters: { type: string; n: number; resolve: () => void }[] = [];
  const seen = new Map<string, PublisherEvent[]>();
  let finished = false;
  const failed = new Promise<never>((_, reject) => {
    const stop = (err: Error) => reject(err); // the first failure wins
    child.on('error', stop);
    void exited.then((code) => {
      if (code !== 0 || !finished) stop(new Error(`opus-publisher exited (${code}): ${stderr}`));
    });
    createInterface({ input: child.stdout }).on('line', (line) => {
      let ev: PublisherEvent;
      try {
        ev = JSON.parse(line) as PublisherEvent;
      } catch {
        return;
      }
      if (ev.type === 'error') {
        stop(new Error(`opus-publisher: ${ev.identity ?? ''} ${ev.error ?? ''}`));
        return;
      }
      const list = seen.get(ev.type) ?? [];
      list.push(ev);
      seen.set(ev.type, list);
      for (const w of waiters) if (w.type === ev.type && list.length >= w.n) w.resolve();
    });
  });
  failed.catch(() => undefined);
  const all = (type: string, timeoutMs: number) =>
    Promise.race([
      failed,
      new Promise<void>((resolve, reject) => {
        if ((seen.get(type)?.length ?? 0) >= speakers.length) return resolve();
        const timer = setTimeout(
          () => reject(new Error(`opus-publisher: no "${type}" in time`)),
          timeoutMs,
        );
        timer.unref();
        waiters.push({
          type,
          n: speakers.length,
          resolve: () => {
            clearTimeout(timer);
            resolve();
          },
        });
      }),
    ]);
  try {
    child.stdin.write(`${JSON.stringify({ url: o.livekit.url, loopback, speakers })}\n`);
    await all('joined', 60_000);
    for (const s of speakers) log(`simulate: ${s.identity} joined ${o.room}`);
    await new Promise((r) => setTimeout(r, o.leadInMs ?? 1500));
    o.onStart?.(Date.now());
    child.stdin.write('start\n');
    await all('finished', 60 * 60_000);
    await new Promise((r) => setTimeout(r, o.tailMs ?? 1500));
    finished = true;
    const byId = new Map((seen.get('finished') ?? []).map((e) => [e.identity, e]));
    return speakers.map((s) => {
      const e = byId.get(s.identity);
      log(`simulate: ${s.identity} finished (${((e?.durationMs ?? 0) / 1000).toFixed(1)} s)`);
      return {
        identity: s.identity,
        startedAt: e?.startedAt ?? 0,
        durationMs: e?.durationMs ?? 0,
        lateMs: e?.lateMs ?? 0,
        droppedFrames: e?.droppedFrames ?? 0,
      };
    });
  } finally {
    finished = true;
    child.stdin.end();
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  }
}

import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { concatPcm, encodeWav, parseWav } from '../transcription/wav.ts';
import { ScriptOracle } from './script-oracle.ts';

const run = promisify(execFile);

/** flite voices pocketsphinx recognises well. */
export type FliteVoice = 'slt' | 'awb' | 'rms';

const RATE = 16_000;

/**
 * Speaks `text` with a flite voice into a 16 kHz mono 16-bit WAV (cached by content in
 * `cacheDir`) and returns its path.
 */
export async function speak(text: string, voice: FliteVoice, cacheDir: string): Promise<string> {
  const key = createHash('sha256').update(`${voice}\n${text}`).digest('hex').slice(0, 16);
  const out = join(cacheDir, `${voice}-${key}.wav`);
  if (existsSync(out)) return out;
  await mkdir(cacheDir, { recursive: true });
  const raw = join(tmpdir(), `parley-flite-${process.pid}-${key}.wav`);
  const tmp = `${out}.${process.pid}.tmp.wav`;
  try {
    await run('flite', ['-voice', voice, '-t', text, '-o', raw]);
    await run('sox', ['-R', raw, '-r', String(RATE), '-c', '1', '-b', '16', tmp]);
    await rename(tmp, out);
  } finally {
    await rm(raw, { force: true });
    await rm(tmp, { force: true });
  }
  return out;
}

export async function readPcm(path: string): Promise<Int16Array> {
  const wav = parseWav(await readFile(path));
  if (wav.sampleRate !== RATE || wav.channels !== 1) throw new Error(`${path} is not 16 kHz mono`);
  return wav.samples;
}

/** Index of the last sample louder than `threshold` (the end of speech in a clean file). */
export function speechEnd(pcm: Int16Array, threshold = 500): number {
  for (let i = pcm.length - 1; i >= 0; i--) if (Math.abs(pcm[i] ?? 0) > threshold) return i + 1;
  return 0;
}

export function speechStart(pcm: Int16Array, threshold = 500): number {
  for (let i = 0; i < pcm.length; i++) if (Math.abs(pcm[i] ?? 0) > threshold) return i;
  return 0;
}

export interface ScriptLine {
  text: string;
  voice: FliteVoice;
  /** Silence before this line, in ms. */
  gapMs: number;
}

export interface Conversation {
  path: string;
  /** Where each line's speech starts and ends, in ms from the start of the file. */
  lines: { text: string; startMs: number; endMs: number }[];
  durationMs: number;
}

/** Builds one WAV from several spoken lines with silences between, and where each line is. */
export async function conversation(
  script: ScriptLine[],
  cacheDir: string,
  name: string,
): Promise<Conversation> {
  const parts: Int16Array[] = [];
  const lines: Conversation['lines'] = [];
  let at = 0;
  for (const line of script) {
    const gap = Math.round((line.gapMs * RATE) / 1000);
    parts.push(new Int16Array(gap));
    at += gap;
    const pcm = await readPcm(await speak(line.text, line.voice, cacheDir));
    lines.push({
      text: line.text,
      startMs: Math.round(((at + speechStart(pcm)) * 1000) / RATE),
      endMs: Math.round(((at + speechEnd(pcm)) * 1000) / RATE),
    });
    parts.push(pcm);
    at += pcm.length;
  }
  parts.push(new Int16Array(RATE));
  const all = concatPcm(parts);
  await mkdir(cacheDir, { recursive: true });
  const path = join(cacheDir, `${name}.wav`);
  await writeFile(path, encodeWav(all, RATE));
  return { path, lines, durationMs: Math.round((all.length * 1000) / RATE) };
}

export interface DialogueLine {
  speaker: string;
  text: string;
  voice: FliteVoice;
}

/**
 * A conversation between several people, one WAV per speaker on a shared timeline (each
 * silent while the others talk), for `simulate`. Lines follow each other with `gapMs` pauses.
 */
export async function dialogue(
  lines: DialogueLine[],
  cacheDir: string,
  name: string,
  gapMs = 1_000,
  leadMs = 1_000,
): Promise<Map<string, Conversation>> {
  const speakers = [...new Set(lines.map((l) => l.speaker))];
  const scripts = new Map<string, ScriptLine[]>(speakers.map((s) => [s, []]));
  const idle = new Map<string, number>(speakers.map((s) => [s, 0]));
  let at = leadMs;
  for (const line of lines) {
    const pcm = await readPcm(await speak(line.text, line.voice, cacheDir));
    const ms = Math.round((pcm.length * 1000) / RATE);
    const own = scripts.get(line.speaker);
    if (!own) continue;
    // Silence for this speaker from the end of their last line until now.
    own.push({ text: line.text, voice: line.voice, gapMs: at - (idle.get(line.speaker) ?? 0) });
    idle.set(line.speaker, at + ms);
    at += ms + gapMs;
  }
  const out = new Map<string, Conversation>();
  for (const s of speakers)
    out.set(s, await conversation(scripts.get(s) ?? [], cacheDir, `${name}-${s}`));
  return out;
}

/**
 * A perfect recogniser (for the fake STT servers' script mode) of these lines, each as its voice
 * speaks it alone, labelled with who says it when given (a diarizing fake labels words so).
 */
export async function spokenScript(
  lines: readonly { text: string; voice: FliteVoice; speaker?: number }[],
  cacheDir: string,
): Promise<ScriptOracle> {
  return new ScriptOracle(
    await Promise.all(
      lines.map(async (l) => ({
        text: l.text,
        pcm: await readPcm(await speak(l.text, l.voice, cacheDir)),
        ...(l.speaker === undefined ? {} : { speaker: l.speaker }),
      })),
    ),
  );
}

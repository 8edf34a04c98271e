// Recordings to import, made with flite and ffmpeg (tests and bench/import): a two-voice
// dialogue as one mixed file in any container, or as a stereo WAV with a voice per channel.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { rename } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { dialogue, type DialogueLine } from '../testing/speech.ts';

const run = promisify(execFile);

export interface ImportFixture {
  path: string;
  /** Each speaker's lines, in order, for WER. */
  script: Map<string, string[]>;
  durationMs: number;
}

async function ffmpeg(args: string[], out: string): Promise<void> {
  if (existsSync(out)) return;
  const tmp = `${out}.${process.pid}.tmp${out.slice(out.lastIndexOf('.'))}`;
  await run('ffmpeg', ['-hide_banner', '-v', 'error', '-y', ...args, tmp], {
    maxBuffer: 16 * 1024 * 1024,
  });
  await rename(tmp, out);
}

/**
 * A dialogue of two speakers as `ext` (mp3, m4a, ogg, webm, wav, flac): mixed to mono, or with
 * `stereo` the first speaker left and the second right (WAV).
 */
export async function dialogueFile(
  lines: DialogueLine[],
  cacheDir: string,
  name: string,
  opts: { ext: string; stereo?: boolean },
): Promise<ImportFixture> {
  const voices = await dialogue(lines, cacheDir, name);
  const tracks = [...voices.values()];
  const script = new Map<string, string[]>();
  for (const l of lines) script.set(l.speaker, [...(script.get(l.speaker) ?? []), l.text]);
  const out = join(cacheDir, `${name}${opts.stereo ? '-stereo2' : ''}.${opts.ext}`);
  const inputs = tracks.flatMap((t) => ['-i', t.path]);
  const durationMs = Math.max(...tracks.map((t) => t.durationMs));
  // amerge stops with its shortest input: every track is padded to the longest first.
  const pads = tracks.map((_, i) => `[${i}:a]apad=whole_dur=${durationMs}ms[p${i}]`).join(';');
  const padded = tracks.map((_, i) => `[p${i}]`).join('');
  const filter = opts.stereo
    ? `${pads};${padded}amerge=inputs=${tracks.length}`
    : `amix=inputs=${tracks.length}:normalize=0:duration=longest`;
  const codec: Record<string, string[]> = {
    mp3: ['-c:a', 'libmp3lame', '-b:a', '64k'],
    m4a: ['-c:a', 'aac', '-b:a', '64k'],
    ogg: ['-c:a', 'libopus', '-b:a', '32k'],
    webm: ['-c:a', 'libopus', '-b:a', '32k'],
    flac: ['-c:a', 'flac'],
    wav: ['-c:a', 'pcm_s16le'],
  };
  await ffmpeg([...inputs, '-filter_complex', filter, ...(codec[opts.ext] ?? [])], out);
  return {
    path: out,
    script,
    durationMs,
  };
}

/** `seconds` of digital silence as FLAC (compresses to almost nothing: hours stay small). */
export async function silenceFile(seconds: number, cacheDir: string): Promise<string> {
  const out = join(cacheDir, `silence-${seconds}s.flac`);
  await ffmpeg(
    ['-f', 'lavfi', '-i', `anullsrc=r=16000:cl=mono`, '-t', String(seconds), '-c:a', 'flac'],
    out,
  );
  return out;
}

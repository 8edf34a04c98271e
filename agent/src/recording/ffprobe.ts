import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** What ffprobe says about an audio file (tests and tooling). */
export interface ProbeResult {
  durationMs: number;
  codec: string;
  format: string;
  sampleRate: number;
}

/** Runs ffprobe on a file path or URL; throws when it cannot read it as audio. */
export async function ffprobe(input: string, bin = 'ffprobe'): Promise<ProbeResult> {
  const { stdout } = await run(bin, [
    '-v',
    'error',
    '-show_entries',
    'format=duration,format_name:stream=codec_name,sample_rate',
    '-of',
    'json',
    input,
  ]);
  const j = JSON.parse(stdout) as {
    format?: { duration?: string; format_name?: string };
    streams?: { codec_name?: string; sample_rate?: string }[];
  };
  const s = j.streams?.[0];
  if (!j.format?.duration || !s) throw new Error('ffprobe: no audio stream');
  return {
    durationMs: Math.round(Number(j.format.duration) * 1000),
    codec: s.codec_name ?? '',
    format: j.format.format_name ?? '',
    sampleRate: Number(s.sample_rate ?? 0),
  };
}

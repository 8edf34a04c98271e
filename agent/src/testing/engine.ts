import { execFile } from 'node:child_process';
import { readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parseWav } from '../transcription/wav.ts';

const run = promisify(execFile);

/**
 * pocketsphinx on its own: `pocketsphinx_continuous -infile` with Debian's defaults (its own
 * silence detection, one decoder for the whole file, full search with second passes). The
 * accuracy the engine has on a file, which the pipeline is held to. It reads 16 kHz mono only:
 * other files are converted by sox first (mixed down, resampled), as anyone using it would.
 */
export async function engineTranscript(path: string): Promise<string> {
  const wav = parseWav(await readFile(path));
  let input = path;
  if (wav.sampleRate !== 16_000 || wav.channels !== 1) {
    input = join(tmpdir(), `parley-engine-${process.pid}-${Date.now()}.wav`);
    await run('sox', ['-R', path, '-r', '16000', '-c', '1', '-b', '16', input]);
  }
  try {
    const { stdout } = await run(
      'pocketsphinx_continuous',
      ['-infile', input, '-logfn', '/dev/null'],
      {
        maxBuffer: 16 << 20,
      },
    );
    return stdout.split('\n').join(' ');
  } finally {
    if (input !== path) await rm(input, { force: true });
  }
}

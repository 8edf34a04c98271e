// Fixtures must be the same bytes on every machine and every run: a WER measured on a room
// render is only comparable if the render is. sox dithers at random when it writes 16-bit
// audio after an effect unless told to repeat itself (-R), which once moved the CI accuracy
// figure by five words.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { render } from './render.ts';
import { conversation, speak } from './speech.ts';

const dirs: string[] = [];
const freshDir = async () => {
  const d = await mkdtemp(join(tmpdir(), 'parley-render-'));
  dirs.push(d);
  return d;
};
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

describe('fixtures are repeatable', () => {
  it('speaks, renders a room and a 48 kHz stereo copy to the same bytes twice', async () => {
    const outputs: Buffer[][] = [];
    for (let run = 0; run < 2; run++) {
      const dir = await freshDir();
      const said = await speak('Revenue grew nine percent in March.', 'rms', dir);
      const conv = await conversation(
        [{ text: 'Revenue grew nine percent in March.', voice: 'rms', gapMs: 500 }],
        dir,
        'repeatable',
      );
      outputs.push(
        await Promise.all(
          [said, await render(conv, 'room', dir), await render(conv, 'stereo48k', dir)].map((p) =>
            readFile(p),
          ),
        ),
      );
    }
    const [a, b] = outputs;
    expect(a?.length).toBe(3);
    a?.forEach((bytes, i) => expect(bytes.equals(b?.[i] ?? Buffer.alloc(0))).toBe(true));
  }, 60_000);
});

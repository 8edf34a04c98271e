// Speech for benchmark rooms: three simulated speakers, each with its own flite voice and
// rhythm (staggered starts, varied pauses), talking through the shared sentence corpus.
import { conversation, fixturesDir, SENTENCES, type Conversation } from '@parley/agent/testing';

const VOICES = ['slt', 'awb', 'rms'] as const;
export const SPEAKERS_PER_ROOM = VOICES.length;

/** One conversation per speaker of a room, `lines` sentences each; rooms reuse the files. */
export async function roomSpeech(lines: number, name: string): Promise<Conversation[]> {
  const talks: Conversation[] = [];
  for (let s = 0; s < SPEAKERS_PER_ROOM; s++) {
    talks.push(
      await conversation(
        Array.from({ length: lines }, (_, i) => ({
          text: SENTENCES[(s * 7 + i) % SENTENCES.length] ?? '',
          voice: VOICES[s] ?? 'slt',
          gapMs: i === 0 ? 500 + s * 600 : 1_300 + ((i + s) % 3) * 300,
        })),
        fixturesDir,
        `${name}-${s}`,
      ),
    );
  }
  return talks;
}

// Speech for benchmark rooms: three simulated speakers, each with its own flite voice and
// rhythm (staggered starts, varied pauses), talking through the shared sentence corpus; and
// what the benchmarks need to judge what the agent made of it.
import type { SpeakerResult } from '@parley/agent';
import {
  conversation,
  fixturesDir,
  readPcm,
  ScriptOracle,
  SENTENCES,
  type Conversation,
} from '@parley/agent/testing';
import type { SpokenLine } from './match.ts';

const VOICES = ['slt', 'awb', 'rms'] as const;
export const SPEAKERS_PER_ROOM = VOICES.length;

/** One conversation per speaker of a room, `lines` sentences each; rooms reuse the files. */
export async function roomSpeech(
  lines: number,
  name: string,
  sentences: readonly string[] = SENTENCES,
): Promise<Conversation[]> {
  const talks: Conversation[] = [];
  for (let s = 0; s < SPEAKERS_PER_ROOM; s++) {
    talks.push(
      await conversation(
        Array.from({ length: lines }, (_, i) => ({
          text: sentences[(s * 7 + i) % sentences.length] ?? '',
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

/** A perfect recogniser of these conversations' lines, for the fake STT server's script mode. */
export async function scriptOracle(talks: Conversation[]): Promise<ScriptOracle> {
  const lines: { text: string; pcm: Int16Array }[] = [];
  const seen = new Set<string>();
  for (const t of talks) {
    const pcm = await readPcm(t.path);
    for (const l of t.lines) {
      // The same sentence in the same file at another place is the same audio: once is enough.
      const key = `${t.path}\n${l.text}`;
      if (seen.has(key)) continue;
      seen.add(key);
      // With 250 ms of the silence around it (lines are at least 500 ms apart), so the quiet
      // edges of the speech are found as they are in an utterance.
      const from = Math.max(0, l.startMs - 250) * 16;
      lines.push({ text: l.text, pcm: pcm.subarray(from, (l.endMs + 250) * 16) });
    }
  }
  return new ScriptOracle(lines);
}

/** A speaker's lines in wall-clock time, from when their microphone started. */
export function spokenLines(talk: Conversation | undefined, startedAt: number): SpokenLine[] {
  return (talk?.lines ?? []).map((l) => ({
    text: l.text,
    startAt: startedAt + l.startMs,
    endAt: startedAt + l.endMs,
  }));
}

/**
 * When every room was talking (epoch ms): from the moment the last room's first line began to
 * the moment the first room's last line ended. Each room: its speakers' results in the order of
 * `talks`. Null when the rooms never all talked at once.
 */
export function allTalkingWindow(
  rooms: SpeakerResult[][],
  talks: Conversation[],
): { from: number; to: number } | null {
  let from = Number.NEGATIVE_INFINITY;
  let to = Number.POSITIVE_INFINITY;
  for (const speakers of rooms) {
    if (speakers.length === 0) return null;
    const lines = speakers.flatMap((sp, i) => spokenLines(talks[i], sp.startedAt));
    from = Math.max(from, Math.min(...lines.map((l) => l.startAt)));
    to = Math.min(to, Math.max(...lines.map((l) => l.endAt)));
  }
  return to > from ? { from, to } : null;
}

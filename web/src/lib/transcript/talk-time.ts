/**
 * Who spoke how much: per speaker, the time their lines cover, their share of all speech, how
 * many turns they took (a turn: their lines in a row, nobody else's in between) and their
 * longest turn. From the stored lines (what was transcribed), so silence and untranscribed
 * speech count for nobody; people talking over each other count for each.
 */
export interface TalkLine {
  speakerKey: string;
  speakerName: string;
  startMs: number;
  endMs: number;
}

export interface TalkTime {
  key: string;
  name: string;
  ms: number;
  /** Share of all speakers' time, 0–1. */
  share: number;
  turns: number;
  longestTurnMs: number;
}

interface Turn {
  speaker: TalkTime;
  startMs: number;
  endMs: number;
}

export function talkTime(lines: readonly TalkLine[]): TalkTime[] {
  const ordered = [...lines].sort((a, b) => a.startMs - b.startMs || a.endMs - b.endMs);
  const by = new Map<string, TalkTime>();
  const turns: Turn[] = [];
  for (const l of ordered) {
    let t = by.get(l.speakerKey);
    if (!t) {
      t = { key: l.speakerKey, name: l.speakerName, ms: 0, share: 0, turns: 0, longestTurnMs: 0 };
      by.set(l.speakerKey, t);
    }
    t.name = l.speakerName; // the latest name (a rename reaches every line)
    t.ms += Math.max(0, l.endMs - l.startMs);
    const last = turns.at(-1);
    if (last?.speaker === t) last.endMs = Math.max(last.endMs, l.endMs);
    else turns.push({ speaker: t, startMs: l.startMs, endMs: Math.max(l.startMs, l.endMs) });
  }
  for (const turn of turns) {
    turn.speaker.turns++;
    turn.speaker.longestTurnMs = Math.max(turn.speaker.longestTurnMs, turn.endMs - turn.startMs);
  }
  const total = [...by.values()].reduce((a, t) => a + t.ms, 0);
  for (const t of by.values()) t.share = total > 0 ? t.ms / total : 0;
  return [...by.values()].sort((a, b) => b.ms - a.ms || a.name.localeCompare(b.name));
}

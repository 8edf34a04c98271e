import { findDueDate } from './dates.ts';
import type { ActionItemResult, Line, Participant } from './types.ts';

// Rule-based action items (no LLM): commitments ("I will…", "I'll…", "I'm going to…", "we will…"),
// requests ("can you … by Friday", "Bob, could you…") and assignments ("Bob will…",
// "action item: …"). The owner is always a participant or null; a due date is resolved against
// the meeting's day.

const COMMIT =
  /\b(?:i will|i'll|i shall|i am going to|i'm going to|i can take|i'll take|let me|we will|we'll|we are going to|we're going to)\s+(.{3,})/i;
const REQUEST = /\b(?:can|could|would|will) you(?: please)?\s+(.{3,})/i;
const ASSIGN = /\b(?:action item|todo|to do)\s*[:,-]\s*(.{3,})/i;
/** Verbs that make a "will" sentence a task rather than a prediction. */
const TASK_VERB =
  /^(?:send|share|write|draft|prepare|review|check|look|follow|schedule|set|book|call|email|update|fix|finish|ship|get|put|make|create|organi[sz]e|circle|reach|introduce|forward|sort|run|do|find|ask|talk|finali[sz]e|confirm|deliver|build|test|deploy|plan|set up|hire|send over)\b/i;
const FILLER = /^(?:um|uh|so|and|ok|okay|yeah|well|also|then)\b[\s,]*/i;
/** "send it", "do that by Friday": a commitment that only points back at what was asked. */
const ANAPHORIC = /^\w+(?: \w+)?\s+(?:it|that|this|them|those|these)\b/i;

function clean(text: string): string {
  let t = text.trim().replace(/[?.!,;]+$/, '');
  for (let i = 0; i < 3; i++) t = t.replace(FILLER, '');
  return t.length > 200 ? `${t.slice(0, 197)}…` : t;
}

const first = (name: string) => name.trim().split(/\s+/)[0]?.toLowerCase() ?? '';

/** The participant named in the text ("Bob, can you…", "Bob will…"), if any. */
function namedParticipant(text: string, people: Participant[]): Participant | null {
  const lower = ` ${text.toLowerCase().replace(/[^\p{L}\p{N}' ]+/gu, ' ')} `;
  for (const p of people) {
    const f = first(p.name);
    if (f.length >= 2 && lower.includes(` ${f} `)) return p;
  }
  return null;
}

/** Action items found in the lines, in order, without near-duplicates. */
export function ruleActionItems(
  lines: Line[],
  participants: Participant[],
  meetingDate: Date,
): ActionItemResult[] {
  const byIdentity = new Map(participants.map((p) => [p.identity, p]));
  const items: ActionItemResult[] = [];
  const seen = new Set<string>();
  // The last request, so that "Yes, I'll send it by Friday" from the person asked accepts it
  // instead of becoming a second item.
  let lastRequest: { idx: number; ownerIdentity: string | null; item: ActionItemResult } | null =
    null;
  lines.forEach((line, idx) => {
    const speaker = byIdentity.get(line.speakerIdentity) ?? {
      identity: line.speakerIdentity,
      name: line.speakerName,
    };
    let text: string | null = null;
    let owner: Participant | null = null;
    const others = participants.filter((p) => p.identity !== line.speakerIdentity);
    let m: RegExpExecArray | null;
    if ((m = REQUEST.exec(line.text))) {
      text = clean(m[1] ?? '');
      owner = namedParticipant(line.text, others);
      if (!owner) {
        // The next different speaker is the one who was asked; else the only other person.
        const next = lines
          .slice(idx + 1, idx + 4)
          .find((l) => l.speakerIdentity !== line.speakerIdentity);
        owner = next
          ? (byIdentity.get(next.speakerIdentity) ?? {
              identity: next.speakerIdentity,
              name: next.speakerName,
            })
          : others.length === 1
            ? (others[0] ?? null)
            : null;
      }
    } else if ((m = COMMIT.exec(line.text))) {
      const rest = clean(m[1] ?? '');
      if (/^(?:be|have|think|guess|say|see|tell you|know)\b/i.test(rest)) return;
      const asked = lastRequest;
      if (
        asked &&
        idx - asked.idx <= 3 &&
        asked.ownerIdentity === line.speakerIdentity &&
        ANAPHORIC.test(rest)
      ) {
        if (!asked.item.dueDate) {
          const due = findDueDate(line.text, meetingDate);
          asked.item.dueDate = due?.date ?? null;
          asked.item.dueText = due?.phrase ?? null;
        }
        return;
      }
      text = rest;
      owner = speaker;
    } else if ((m = ASSIGN.exec(line.text))) {
      text = clean(m[1] ?? '');
      owner = namedParticipant(line.text, participants);
    } else {
      for (const p of participants) {
        const f = first(p.name);
        if (f.length < 2) continue;
        const re = new RegExp(
          `\\b${f.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} (?:will|is going to|should)\\s+(.{3,})`,
          'i',
        );
        const a = re.exec(line.text);
        if (a && TASK_VERB.test(a[1] ?? '')) {
          text = clean(a[1] ?? '');
          owner = p;
          break;
        }
      }
    }
    if (!text || text.split(/\s+/).length < 2) return;
    const key = `${owner?.identity ?? ''}|${text.toLowerCase().slice(0, 60)}`;
    if (seen.has(key)) return;
    seen.add(key);
    const due = findDueDate(line.text, meetingDate);
    const item: ActionItemResult = {
      text: text.charAt(0).toUpperCase() + text.slice(1),
      ownerIdentity: owner?.identity ?? null,
      ownerName: owner?.name ?? null,
      dueDate: due?.date ?? null,
      dueText: due?.phrase ?? null,
      segmentId: line.segmentId,
      startMs: line.startMs,
      source: 'rules',
    };
    items.push(item);
    if (REQUEST.test(line.text)) {
      lastRequest = { idx, ownerIdentity: owner?.identity ?? null, item };
    }
  });
  return items;
}

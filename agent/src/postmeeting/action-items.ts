import { findDueDate } from './dates.ts';
import type { ActionItemResult, Line, Participant } from './types.ts';

// Rule-based action items (no LLM): commitments ("I will…", "I'll…", "I'm going to…", "we will…"),
// requests ("can you … by Friday", "Bob, could you…", "please send…", "I need you to…"),
// assignments ("Bob will…", "action item: …") and what the team must do ("we need to…",
// "let's schedule…", "we need a decision … by Friday"). The owner is always a participant or
// null; a due date is resolved against the meeting's day.

const COMMIT =
  /\b(?:i will|i'll|i shall|i am going to|i'm going to|i can take|i'll take|let me|we will|we'll|we are going to|we're going to)\s+(.{3,})/i;
const REQUEST = /\b(?:can|could|would|will) you(?: please)?\s+(.{3,})/i;
const ASSIGN = /\b(?:action item|todo|to do)\s*[:,-]\s*(.{3,})/i;
/** Verbs that make a "will" sentence a task rather than a prediction. */
const TASK_VERB =
  /^(?:send|share|write|draft|prepare|review|check|look|follow|schedule|set|book|call|email|update|fix|finish|ship|get|put|make|create|organi[sz]e|circle|reach|introduce|forward|sort|run|do|find|ask|talk|finali[sz]e|confirm|deliver|build|test|deploy|plan|set up|hire|send over)\b/i;
const FILLER = /^(?:um|uh|so|and|ok|okay|yeah|well|also|then|but|oh|right|alright)\b[\s,]*/i;
/** A request without a question: "please send…", "I need you to…", "don't forget to…". */
const ASK =
  /\b(?:please|i need you to|i'd like you to|i would like you to|make sure (?:to|you)|don't forget to|do not forget to|remember to)\s+(.{3,})/i;
/** What the team must do, nobody named: "we need to…", "someone has to…". */
const TEAM =
  /\b(?:we need to|we have to|we've got to|we must|we still need to|someone needs to|someone has to|somebody needs to|somebody has to)\s+(.{3,})/i;
/**
 * "Let's…" is mostly what the meeting does now ("let's review the quarter"): a team item only
 * with a verb of something done later ("let's schedule a follow-up with legal").
 */
const LETS =
  /\blet(?:'s| us)\s+((?:schedule|book|send|share|email|call|set up|arrange|follow up|meet|reconvene|prepare|draft|write|ship|hire)\b.{3,})/i;
/** Something the team needs by a deadline, said as a noun: "we need a decision on … by Friday". */
const TEAM_NEED = /\bwe (?:need|still need|want)\s+((?:a|an|the)\s+.{3,})/i;
/** Verbs that are talk about the meeting itself, not a task ("let's talk about…"). */
const MEETING_TALK =
  /^(?:talk|discuss|look at|go over|go through|move on|start|begin|recap|see|get (?:started|going|into|back))\b/i;
/** "send it", "do that by Friday": a commitment that only points back at what was asked. */
const ANAPHORIC = /^\w+(?: \w+)?\s+(?:it|that|this|them|those|these)\b/i;

function clean(text: string): string {
  let t = text.trim().replace(/[?.!,;]+$/, '');
  for (let i = 0; i < 3; i++) t = t.replace(FILLER, '');
  return t.length > 200 ? `${t.slice(0, 197)}…` : t;
}

const first = (name: string) => name.trim().split(/\s+/)[0]?.toLowerCase() ?? '';

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The line without its leading fillers, and the participant it opens by addressing ("Bob, …"). */
function opening(text: string, people: Named[]): { rest: string; to: Participant | null } {
  let t = text.trim();
  for (let i = 0; i < 3; i++) t = t.replace(FILLER, '');
  for (const n of people) {
    const m = n.addressed.exec(t);
    if (m) return { rest: t.slice(m[0].length), to: n.p };
  }
  return { rest: t, to: null };
}

/** A participant with the patterns of their first name, made once per meeting. */
interface Named {
  p: Participant;
  /** "Bob, …" opening a line. */
  addressed: RegExp;
  /** "Bob will send…". */
  assigned: RegExp;
}

function named(participants: Participant[]): Named[] {
  return participants.flatMap((p) => {
    const name = first(p.name);
    if (name.length < 2) return [];
    const f = escapeRegExp(name);
    return [
      {
        p,
        addressed: new RegExp(`^${f}\\b[\\s,]+`, 'i'),
        assigned: new RegExp(`\\b${f} (?:will|is going to|should)\\s+(.{3,})`, 'i'),
      },
    ];
  });
}

/** The participant named in the text ("Bob, can you…", "Bob will…"), if any. */
function namedParticipant(text: string, people: Participant[]): Participant | null {
  const lower = ` ${text.toLowerCase().replace(/[^\p{L}\p{N}' ]+/gu, ' ')} `;
  for (const p of people) {
    const f = first(p.name);
    if (f.length >= 2 && lower.includes(` ${f} `)) return p;
  }
  return null;
}

/** "Bob will send…": a task given to a participant by name. */
function assignment(text: string, people: Named[]): { text: string; owner: Participant } | null {
  for (const n of people) {
    const a = n.assigned.exec(text);
    if (a && TASK_VERB.test(a[1] ?? '')) return { text: clean(a[1] ?? ''), owner: n.p };
  }
  return null;
}

/** Words that start a task: a task verb, not a pointer back ("send it") nor meeting talk. */
function isTask(rest: string): boolean {
  const t = rest.trim();
  return TASK_VERB.test(t) && !ANAPHORIC.test(t) && !MEETING_TALK.test(t);
}

/** Action items found in the lines, in order, without near-duplicates. */
export function ruleActionItems(
  lines: Line[],
  participants: Participant[],
  meetingDate: Date,
): ActionItemResult[] {
  const byIdentity = new Map(participants.map((p) => [p.identity, p]));
  const people = named(participants);
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
    // A request: the one asked may accept it next ("I'll send it by Friday").
    let asking = false;
    const others = participants.filter((p) => p.identity !== line.speakerIdentity);
    /** Who a request is for: the one named, else the next other speaker, else the only other. */
    const asked = (): Participant | null => {
      const named = namedParticipant(line.text, others);
      if (named) return named;
      const next = lines
        .slice(idx + 1, idx + 4)
        .find((l) => l.speakerIdentity !== line.speakerIdentity);
      if (next) {
        return (
          byIdentity.get(next.speakerIdentity) ?? {
            identity: next.speakerIdentity,
            name: next.speakerName,
          }
        );
      }
      return others.length === 1 ? (others[0] ?? null) : null;
    };
    const start = opening(
      line.text,
      people.filter((n) => n.p.identity !== line.speakerIdentity),
    );
    let m: RegExpExecArray | null;
    let assigned: { text: string; owner: Participant } | null;
    if ((m = REQUEST.exec(line.text))) {
      text = clean(m[1] ?? '');
      owner = asked();
      asking = true;
    } else if ((m = COMMIT.exec(line.text))) {
      const rest = clean(m[1] ?? '');
      if (/^(?:be|have|think|guess|say|see|tell you|know)\b/i.test(rest)) return;
      const request = lastRequest;
      if (
        request &&
        idx - request.idx <= 3 &&
        request.ownerIdentity === line.speakerIdentity &&
        ANAPHORIC.test(rest)
      ) {
        if (!request.item.dueDate) {
          const due = findDueDate(line.text, meetingDate);
          request.item.dueDate = due?.date ?? null;
          request.item.dueText = due?.phrase ?? null;
        }
        return;
      }
      text = rest;
      owner = speaker;
    } else if ((m = ASSIGN.exec(line.text))) {
      text = clean(m[1] ?? '');
      owner = namedParticipant(line.text, participants);
    } else if ((assigned = assignment(line.text, people))) {
      ({ text, owner } = assigned);
    } else if ((m = ASK.exec(line.text)) && isTask(m[1] ?? '')) {
      text = clean(m[1] ?? '');
      owner = asked();
      asking = true;
    } else if (
      isTask(start.rest) &&
      /^\w+ \w/.test(start.rest) &&
      (start.to || findDueDate(line.text, meetingDate))
    ) {
      // An imperative said to someone ("Bob, send me…") or with a deadline ("Check it by Friday").
      text = clean(start.rest);
      owner = asked();
      asking = true;
    } else if ((m = TEAM.exec(line.text) ?? LETS.exec(line.text)) && isTask(m[1] ?? '')) {
      text = clean(m[1] ?? '');
      if (text.split(/\s+/).length < 3 && !findDueDate(line.text, meetingDate)) return;
    } else if ((m = TEAM_NEED.exec(line.text)) && findDueDate(line.text, meetingDate)) {
      text = clean(m[1] ?? '');
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
    if (asking) {
      lastRequest = { idx, ownerIdentity: owner?.identity ?? null, item };
    }
  });
  return items;
}

/**
 * Whether one line hands out a task with a deadline ("please send me the numbers by Friday",
 * "I'll write the memo by Monday"): the live checklist's cue for items about action items.
 * A deadline is required: "I'm going to share my screen" is not an action item.
 */
export function saysTaskWithDeadline(text: string, now = new Date()): boolean {
  const line: Line = {
    n: 1,
    rowId: '',
    segmentId: '',
    speakerIdentity: '',
    speakerName: '',
    text,
    startMs: 0,
    endMs: 0,
  };
  return ruleActionItems([line], [], now).some((i) => i.dueDate !== null);
}

import type { AgentState as AgentAttribute } from '@parley/protocol';

/** Participants as the room lists them. The agent is `joining` until it sets its state. */
export type AgentState = AgentAttribute | 'joining';

/** How the room names the agent's state. */
export const AGENT_STATE_LABELS: Record<AgentState, string> = {
  transcribing: 'Transcribing',
  paused: 'Paused',
  not_transcribing: 'Not transcribing',
  joining: 'Joining',
};

export interface PersonView {
  identity: string;
  name: string;
  isAgent: boolean;
  isLocal: boolean;
  isGuest: boolean;
  speaking: boolean;
  /** Has a microphone published and it is muted. */
  micMuted: boolean;
  hasMic: boolean;
  agentState: AgentState;
  /** This person asked not to be transcribed. */
  paused: boolean;
  /** Their microphone is a shared room microphone (several people on it). */
  roomMic: boolean;
  /** When their hand went up (ms since the epoch); null while it is down. */
  handRaisedAt: number | null;
}

/** The `parley.hand` attribute as a time; null when absent, empty or malformed. */
export function handRaisedAt(attribute: string | undefined): number | null {
  if (!attribute || !/^\d{1,15}$/.test(attribute)) return null;
  return Number(attribute);
}

/**
 * Raised hands first, in the order they went up (each with its place in the queue, 1-based);
 * everyone else after them in the order given.
 */
export function withHandsFirst(people: readonly PersonView[]): { p: PersonView; queue: number }[] {
  const raised = people
    .filter((p) => p.handRaisedAt !== null)
    .sort((a, b) => (a.handRaisedAt ?? 0) - (b.handRaisedAt ?? 0))
    .map((p, i) => ({ p, queue: i + 1 }));
  return [
    ...raised,
    ...people.filter((p) => p.handRaisedAt === null).map((p) => ({ p, queue: 0 })),
  ];
}

/**
 * Names of the other people whose hand went up since `before` (identity → when it went up), in
 * the order they raised it; for announcing them.
 */
export function newlyRaised(
  before: ReadonlyMap<string, number>,
  people: readonly PersonView[],
): string[] {
  return withHandsFirst(people)
    .filter(({ p, queue }) => queue > 0 && !p.isLocal && before.get(p.identity) !== p.handRaisedAt)
    .map(({ p }) => p.name);
}

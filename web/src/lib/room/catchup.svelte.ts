import { ParticipantKind, type Room } from 'livekit-client';
import {
  CATCHUP_REQUEST_TOPIC,
  CATCHUP_TOPIC,
  encodeCatchup,
  parseCatchupMessage,
  type CatchupMessage,
} from '@parley/protocol';
import { onSenderData, sendToAgents } from './data-senders.ts';

/** How long an answer is waited for (a language model can take a while). */
export const CATCHUP_WAIT_MS = 45_000;

/** Sends a request to the agents in the room; resolves once handed to LiveKit. */
export type CatchupSender = (packet: Uint8Array<ArrayBuffer>) => Promise<void>;

/** Reactive "Catch me up" state (Svelte runes): the question in flight and the last recap. */
export class CatchUp {
  asking = $state(false);
  recap = $state.raw<CatchupMessage | null>(null);
  /** Why there is no recap (busy, nothing said yet, failed, no answer). */
  problem = $state<string | null>(null);
  #send: CatchupSender | undefined;
  #requestId: string | null = null;
  #timer: ReturnType<typeof setTimeout> | undefined;

  setSender(send: CatchupSender | undefined): void {
    this.#send = send;
  }

  /** Asks the agent for a recap of the meeting so far. */
  async ask(): Promise<void> {
    if (this.asking) return;
    const requestId = crypto.randomUUID();
    this.#requestId = requestId;
    this.asking = true;
    this.problem = null;
    try {
      if (!this.#send) throw new Error('not connected');
      await this.#send(encodeCatchup({ type: CATCHUP_REQUEST_TOPIC, v: 1, requestId }));
    } catch {
      this.#settle('Could not reach Parley AI. Try again in a moment.');
      return;
    }
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => {
      if (this.#requestId === requestId) this.#settle('Parley AI did not answer. Try again.');
    }, CATCHUP_WAIT_MS);
  }

  /** An agent's packet; anything other than the answer to the open request is ignored. */
  receive(payload: unknown, topic: string | undefined): boolean {
    if (topic !== CATCHUP_TOPIC) return false;
    const m = parseCatchupMessage(payload);
    if (!m || m.requestId !== this.#requestId) return false;
    if (m.status === 'ok') {
      this.recap = m;
      this.#settle(null);
    } else this.#settle(problemText(m));
    return true;
  }

  close(): void {
    clearTimeout(this.#timer);
  }

  #settle(problem: string | null): void {
    clearTimeout(this.#timer);
    this.#requestId = null;
    this.asking = false;
    this.problem = problem;
  }
}

function problemText(m: CatchupMessage): string {
  switch (m.status) {
    case 'busy':
      return `You just asked. Ask again in ${Math.max(1, Math.ceil((m.retryInMs ?? 0) / 1000))} s.`;
    case 'empty':
      return 'Nothing has been transcribed yet.';
    default:
      return 'The recap could not be made. Try again.';
  }
}

/**
 * Feeds `c` from the agents' packets (anyone may publish data: only an agent's answer counts)
 * and sends its requests to the agents alone. Returns a function that detaches both.
 */
export function attachCatchUp(room: Room, c: CatchUp): () => void {
  const detach = onSenderData(room, (payload, participant, topic) => {
    if (participant?.kind === ParticipantKind.AGENT) c.receive(payload, topic);
  });
  c.setSender((packet) => sendToAgents(room, CATCHUP_REQUEST_TOPIC, packet));
  return () => {
    detach();
    c.setSender(undefined);
    c.close();
  };
}

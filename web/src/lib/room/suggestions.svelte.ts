import { ParticipantKind, type Room } from 'livekit-client';
import { onSenderData, sendToAgents } from './data-senders.ts';
import {
  EMPTY_PANEL,
  markSuggestion,
  receivePacket,
  type PanelState,
  type SuggestionView,
} from './suggestions-model.ts';
import {
  FEEDBACK_TOPIC,
  encodeFeedback,
  type ChecklistItemWire,
  type FeedbackStatus,
} from '@parley/protocol';

/** Sends a feedback packet; resolves once handed to LiveKit. */
export type FeedbackSender = (packet: Uint8Array<ArrayBuffer>) => Promise<void>;

/** Reactive suggestions and checklist (Svelte runes), fed by the agent's data packets. */
export class Suggestions {
  #state = $state.raw<PanelState>(EMPTY_PANEL);
  /** Why the last feedback could not be sent, if it failed. */
  sendError = $state<string | null>(null);
  #send: FeedbackSender | undefined;

  get items(): readonly SuggestionView[] {
    return this.#state.items;
  }
  get checklist(): readonly ChecklistItemWire[] {
    return this.#state.checklist;
  }
  get hasChecklist(): boolean {
    return this.#state.hasChecklist;
  }
  /** Whether the agent sent anything to this participant yet. */
  get received(): boolean {
    return this.#state.received;
  }
  get announcement(): string {
    return this.#state.announcement;
  }

  setSender(send: FeedbackSender | undefined): void {
    this.#send = send;
  }

  /** Handles one data packet; anything that is not a valid agent message is ignored. */
  receive(payload: unknown, topic: string | undefined, now = Date.now()): boolean {
    const next = receivePacket(this.#state, payload, topic, now);
    if (next) this.#state = next;
    return next !== null;
  }

  /** Marks a suggestion (shown at once) and tells the agent. */
  async feedback(id: string, status: FeedbackStatus, now = Date.now()): Promise<void> {
    const next = markSuggestion(this.#state, id, status, now);
    if (!next) return;
    this.#state = next;
    this.sendError = null;
    try {
      await this.#send?.(encodeFeedback(id, status));
    } catch {
      this.sendError = 'Could not send that to Parley AI; it may show again.';
    }
  }
}

/**
 * Feeds `s` from the room's data packets (only those sent by agent participants: anyone may
 * publish data, and a guest must not be able to plant suggestions) and sends feedback to the
 * agents in the room, reliably. Returns a function that detaches both.
 */
export function attachSuggestions(room: Room, s: Suggestions): () => void {
  // The agent sends the checklist the moment it joins: that packet may arrive before this
  // browser knows the agent, so it is held until the agent is known (not dropped).
  const detachData = onSenderData(room, (payload, participant, topic) => {
    if (participant?.kind !== ParticipantKind.AGENT) return;
    try {
      s.receive(payload, topic);
    } catch (err) {
      console.warn('suggestion message ignored', err);
    }
  });
  s.setSender((packet) => sendToAgents(room, FEEDBACK_TOPIC, packet));
  return () => {
    detachData();
    s.setSender(undefined);
  };
}

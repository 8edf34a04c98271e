/**
 * Room chat state: stored history plus live data packets, my own messages sent live at once and
 * stored through the server (a failed store is shown and can be retried).
 */
import { CHAT_TOPIC, draftProblem, encodeChatPacket, parseChatPacket } from '@parley/protocol';
import type { Room } from 'livekit-client';
import { errorText, postChatMessage } from '../api/index.ts';
import { onSenderData } from './data-senders.ts';
import { mergeMessages, type ChatMessage } from './chat-model.ts';

export class Chat {
  messages = $state.raw<ChatMessage[]>([]);
  /** Messages that arrived while the chat panel was hidden. */
  unread = $state(0);
  visible = true;

  constructor(history: ChatMessage[] = []) {
    this.messages = mergeMessages([], history);
  }

  add(incoming: ChatMessage[]): void {
    this.messages = mergeMessages(this.messages, incoming);
  }

  received(m: ChatMessage): void {
    const isNew = !this.messages.some((x) => x.id === m.id);
    this.add([m]);
    if (isNew && !this.visible) this.unread += 1;
  }

  setVisible(v: boolean): void {
    this.visible = v;
    if (v) this.unread = 0;
  }
}

/** What the page provides to send and store. */
export interface ChatSender {
  meetingId: string;
  me: { id: string; name: string };
  room: () => Room | undefined;
}

/**
 * Sends a draft: checks it, shows it at once, publishes it reliably to the room and stores it.
 * Returns an error text for the composer, or null when it went out.
 */
export async function sendChat(chat: Chat, s: ChatSender, content: string): Promise<string | null> {
  const problem = draftProblem(content);
  if (problem) return problem;
  const m: ChatMessage = {
    id: crypto.randomUUID(),
    userId: s.me.id,
    userName: s.me.name,
    content,
    timestamp: Date.now(),
    status: 'sending',
  };
  chat.add([m]);
  return deliver(chat, s, m);
}

/** Publishes and stores one of my messages (used again by "Retry"). */
export async function deliver(chat: Chat, s: ChatSender, m: ChatMessage): Promise<string | null> {
  chat.add([{ ...m, status: 'sending' }]);
  const room = s.room();
  const live = room?.localParticipant
    .publishData(encodeChatPacket(m), { reliable: true, topic: CHAT_TOPIC })
    .catch(() => undefined);
  try {
    const stored = await postChatMessage(s.meetingId, m);
    chat.add([{ ...stored, status: 'sent' }]);
    await live;
    return null;
  } catch (err) {
    chat.add([{ ...m, status: 'failed' }]);
    return errorText(err, 'Could not send the message.');
  }
}

/**
 * Listens for chat packets. Malformed or unknown packets on the chat topic are ignored and logged
 * once per reason (no content is logged); packets of other topics are left to their owners.
 */
export function attachChat(room: Room, chat: Chat): () => void {
  // Not reactive state: only remembers which reasons were logged.
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  const logged = new Set<string>();
  // A message sent the moment someone joins can beat the news of their joining: held, not lost.
  return onSenderData(room, (payload, participant, topic) => {
    if (topic !== CHAT_TOPIC) return;
    const from = participant
      ? { identity: participant.identity, name: participant.name ?? '' }
      : undefined;
    const r = parseChatPacket(payload, from);
    if (r.kind === 'message') {
      chat.received(r.message);
    } else if (!logged.has(r.reason)) {
      logged.add(r.reason);
      console.warn(`[parley] chat packet ignored (${r.reason})`);
    }
  });
}

// The words a streaming provider should favour in one meeting: the names of the people in the
// room (updated as they join) ahead of the meeting's own terms (vocabulary, subject, checklist).
import { ParticipantKind, RoomEvent, type RemoteParticipant } from '@livekit/rtc-node';
import type { SpeechRecognizer } from '../transcription/index.ts';

/** Deepgram takes about this many keyterms before a request grows too long. */
export const MAX_KEYTERMS = 100;

/** The room's side this needs (a LiveKit Room fits). */
export interface KeytermRoom {
  readonly remoteParticipants: ReadonlyMap<string, RemoteParticipant>;
  on(event: RoomEvent.ParticipantConnected, fn: (p: RemoteParticipant) => void): unknown;
  off(event: RoomEvent.ParticipantConnected, fn: (p: RemoteParticipant) => void): unknown;
}

/** Names first (a provider is likeliest to miss them), then the meeting's terms; no repeats. */
export function meetingKeyterms(names: Iterable<string>, terms: readonly string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const t of [...names, ...terms]) {
    const term = t.trim();
    const key = term.toLowerCase();
    if (!term || seen.has(key)) continue;
    seen.add(key);
    out.push(term);
    if (out.length === MAX_KEYTERMS) break;
  }
  return out;
}

/**
 * Keeps the recogniser's keyterms to the meeting's: set now (replacing any an earlier job left
 * in this process) and again whenever a named participant joins. Recognisers that take no
 * keyterms are left alone. Returns the function that stops following the room.
 */
export function followRoomKeyterms(
  room: KeytermRoom,
  recognizer: Pick<SpeechRecognizer, 'setKeyterms'>,
  terms: readonly string[],
  onUpdate?: (count: number) => void,
): () => void {
  const setKeyterms = recognizer.setKeyterms?.bind(recognizer);
  if (!setKeyterms) return () => undefined;
  const names = new Set<string>();
  const addName = (p: RemoteParticipant): boolean => {
    const name = p.name?.trim();
    if (p.kind === ParticipantKind.AGENT || !name || names.has(name)) return false;
    names.add(name);
    return true;
  };
  const apply = () => {
    const keyterms = meetingKeyterms(names, terms);
    setKeyterms(keyterms);
    onUpdate?.(keyterms.length);
  };
  for (const p of room.remoteParticipants.values()) addName(p);
  apply();
  const onJoin = (p: RemoteParticipant) => {
    if (addName(p)) apply();
  };
  room.on(RoomEvent.ParticipantConnected, onJoin);
  return () => void room.off(RoomEvent.ParticipantConnected, onJoin);
}

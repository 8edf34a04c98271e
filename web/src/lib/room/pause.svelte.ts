/**
 * "Pause transcription of me" (Svelte runes). The server sets my `parley.transcription`
 * attribute (participants cannot) and the agent honours it at once; the shown state follows that
 * attribute as LiveKit pushes it back. This browser also remembers a pause, so a reload re-applies
 * it before my microphone is shared.
 */
import { ATTR_TRANSCRIPTION, type TranscriptionState } from '@parley/protocol';
import { errorText, setTranscriptionPaused } from '../api/index.ts';
import type { RoomSession } from './session.svelte.ts';

const PAUSED: TranscriptionState = 'paused';

export class TranscriptionPause {
  readonly #session: RoomSession;
  readonly #meetingId: string;
  busy = $state(false);
  error = $state<string | null>(null);

  constructor(session: RoomSession, meetingId: string) {
    this.#session = session;
    this.#meetingId = meetingId;
  }

  /** Whether I am not transcribed now (the room's word, not this browser's). */
  get paused(): boolean {
    return this.#session.myTranscription === PAUSED;
  }

  /** Where this browser remembers a pause. */
  #key(): string {
    return `parley.paused.${this.#meetingId}`;
  }

  #remember(value: boolean): void {
    try {
      if (value) localStorage.setItem(this.#key(), '1');
      else localStorage.removeItem(this.#key());
    } catch {
      // Storage may be unavailable (private mode); the room state still shows the truth.
    }
  }

  #remembered(): boolean {
    try {
      return localStorage.getItem(this.#key()) === '1';
    } catch {
      return false;
    }
  }

  /** Asks the server to pause or resume transcription of me; the attribute change follows. */
  async #request(value: boolean): Promise<void> {
    await setTranscriptionPaused(this.#meetingId, value);
    this.#remember(value);
  }

  async toggle(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    this.error = null;
    try {
      await this.#request(!this.paused);
    } catch (err) {
      this.error = errorText(err, 'Could not change transcription.');
    } finally {
      this.busy = false;
    }
  }

  /** Right after connecting: re-applies a pause this browser remembers, if the room lost it. */
  async reapply(): Promise<void> {
    const attr = this.#session.room?.localParticipant.attributes;
    if (!this.#remembered() || attr?.[ATTR_TRANSCRIPTION] === PAUSED) return;
    this.busy = true;
    try {
      await this.#request(true);
    } catch (err) {
      this.error = errorText(err, 'Could not pause transcription.');
    } finally {
      this.busy = false;
    }
  }
}
